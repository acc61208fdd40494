import {
  BackstageCredentials,
  HttpAuthService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { AuthenticationError, InputError } from '@backstage/errors';
import {
  deliveryTokenCreatePermission,
  deliveryUnmatchedReadPermission,
  DeliveryOverview,
  DeliveryOverviewItem,
  DeploymentEvent,
  DoraDeploymentList,
  DoraEntitySummary,
  DoraMetrics,
  DoraSeries,
  DoraSummary,
  IncidentEvent,
  PipelineStates,
} from '@runway/plugin-delivery-common';
import express from 'express';
import PromiseRouter from 'express-promise-router';
import {
  mapCdEvents,
  mapGithubWebhook,
  mapGitlabWebhook,
  verifyGithubSignature,
  verifyGitlabToken,
  WebhookAuthentication,
} from '../adapters';
import {
  assertPermission,
  IngestionAuthenticator,
  IngestionCaller,
  IngestionTokenStore,
  parseIngestionTokenRequest,
  RepositoryScope,
} from '../auth';
import { DeliveryStore } from '../database/DeliveryStore';
import { computeDora, computeDoraSeries, listDoraDeployments } from '../dora';
import { computePipelineState } from '../pipelines';
import { createOpenApiRouter } from '../schema/openapi.generated';
import { CatalogEntities, parseEntityRefParam } from './CatalogEntities';
import { EventIngestion } from './EventIngestion';
import {
  lastDeployment,
  matchesSearch,
  metricValues,
  overallLevel,
  sortOverview,
  worstPipelineStatus,
} from './overview';
import { parseEventsBody } from './parseEvents';
import { DeliverySettings } from './settings';

/** Request bodies above this are refused with a 413. */
export const MAX_BODY_SIZE = '1mb';

const DEFAULT_ENVIRONMENT = 'production';
const DEFAULT_SERIES_TIME_ZONE = 'UTC';
const DEFAULT_SUMMARY_BUCKET = 'week';
/** Length of the window a request gets when it names no `from`. */
export const DEFAULT_WINDOW_DAYS = 30;
const DEFAULT_OVERVIEW_PAGE_SIZE = 50;
const DEFAULT_UNMATCHED_PAGE_SIZE = 50;
/**
 * Runs loaded for pipeline state: the 30-day statistics plus enough history to find when a
 * default branch started failing or the latest run of a quiet branch.
 */
const PIPELINE_HISTORY_DAYS = 90;
const DAY_MS = 86_400_000;

export interface RouterOptions {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  logger: LoggerService;
  store: DeliveryStore;
  entities: CatalogEntities;
  ingestion: EventIngestion;
  settings: DeliverySettings;
  /** Who posts to `/events` and `/cdevents`. */
  authenticator: IngestionAuthenticator;
  /** What a repository-bound caller may report for. */
  repositoryScope: RepositoryScope;
  tokens: IngestionTokenStore;
}

/**
 * Paths Backstage lets through without one of its tokens: they authenticate with their own
 * signature, token or repository-bound bearer token (and verify a Backstage token themselves
 * where they accept one).
 */
export const SELF_AUTHENTICATED_PATHS = ['/webhooks', '/cdevents', '/events'];

/** Reads a body as bytes (whatever its content type), for a check that precedes parsing. */
const rawBody = express.raw({ type: () => true, limit: MAX_BODY_SIZE });

/** The JSON of a body read by {@link rawBody}; an empty body is an empty object. */
function parseRawJson(req: express.Request): unknown {
  if (!Buffer.isBuffer(req.body) || req.body.length === 0) {
    return {};
  }
  try {
    return JSON.parse(req.body.toString('utf8'));
  } catch (error) {
    throw new InputError(`body: must be JSON (${(error as Error).message})`);
  }
}

function groupByEntity<T extends DeploymentEvent | IncidentEvent>(
  events: T[],
): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const event of events) {
    const group = groups.get(event.entityRef) ?? [];
    group.push(event);
    groups.set(event.entityRef, group);
  }
  return groups;
}

function header(req: express.Request, name: string): string | undefined {
  return req.header(name) ?? undefined;
}

function parseInstantParam(field: string, value: string): Date {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) {
    throw new InputError(`${field}: must be an ISO-8601 instant`);
  }
  return date;
}

/**
 * The `[from, to)` window of a request: `to` defaults to now and `from` to
 * DEFAULT_WINDOW_DAYS before `to`, so that a dashboard can ask for "the last month" without
 * computing instants.
 *
 * @throws InputError naming the field when a value is not an instant or `from` is not
 * before `to`.
 */
export function parseWindow(
  query: { from?: string; to?: string },
  now: Date = new Date(),
): { from: Date; to: Date } {
  const to = query.to === undefined ? now : parseInstantParam('to', query.to);
  const from =
    query.from === undefined
      ? new Date(to.getTime() - DEFAULT_WINDOW_DAYS * DAY_MS)
      : parseInstantParam('from', query.from);
  if (from.getTime() >= to.getTime()) {
    throw new InputError(
      `from: must be before to (from ${from.toISOString()}, to ${to.toISOString()}${
        query.to === undefined ? ', the default: now' : ''
      })`,
    );
  }
  return { from, to };
}

export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const {
    httpAuth,
    permissions,
    logger,
    store,
    entities,
    ingestion,
    settings,
    authenticator,
    repositoryScope,
    tokens,
  } = options;

  /** Routes whose secret is missing, already reported in the log. */
  const reportedMissingSecrets = new Set<string>();
  /**
   * A 401 unless the signature or token is valid. Its words depend on the request only: a
   * caller cannot learn whether the secret is configured (the log says it, once per route).
   */
  function assertAuthenticated(
    authentication: WebhookAuthentication,
    what: string,
    setting: string,
  ) {
    if (authentication.valid) {
      return;
    }
    if (
      authentication.reason === 'missing-secret' &&
      !reportedMissingSecrets.has(setting)
    ) {
      reportedMissingSecrets.add(setting);
      logger.warn(
        `${setting} is not configured: every delivery authenticated by ${what} is refused with a 401`,
      );
    }
    const why = {
      'missing-credential': 'the request carries none',
      'malformed-credential': 'the request carries a malformed one',
      'missing-secret': 'it does not match',
      mismatch: 'it does not match',
    }[authentication.reason];
    throw new AuthenticationError(`Invalid ${what}: ${why}`);
  }

  // Who called an ingestion route, found from the headers before the body is read.
  const callers = new WeakMap<express.Request, IngestionCaller>();
  function callerOf(req: express.Request): IngestionCaller {
    const caller = callers.get(req);
    if (!caller) {
      throw new Error(`${req.path} was reached without authentication`);
    }
    return caller;
  }

  // Every caller is authenticated before its body is parsed: an unauthenticated body is a
  // 401 whatever it holds, and webhook signatures are checked over the exact bytes received.
  const authentication = PromiseRouter();
  authentication.post(
    ['/webhooks/github', '/webhooks/gitlab'],
    rawBody,
    async (req, _res, next) => {
      if (req.path === '/webhooks/github') {
        assertAuthenticated(
          await verifyGithubSignature(
            settings.githubWebhookSecret ?? '',
            Buffer.isBuffer(req.body) ? req.body : '',
            header(req, 'x-hub-signature-256'),
          ),
          'X-Hub-Signature-256',
          'delivery.github.webhookSecret',
        );
      } else {
        assertAuthenticated(
          verifyGitlabToken(
            settings.gitlabWebhookToken ?? '',
            header(req, 'x-gitlab-token'),
          ),
          'X-Gitlab-Token',
          'delivery.gitlab.webhookToken',
        );
      }
      req.body = parseRawJson(req);
      next();
    },
  );
  authentication.post('/events', async (req, _res, next) => {
    callers.set(req, await authenticator.eventsCaller(req));
    next();
  });
  authentication.post('/cdevents', async (req, _res, next) => {
    const principal = await authenticator.repositoryPrincipal(req);
    if (principal) {
      callers.set(req, { type: 'repository', principal });
    } else {
      // The same constant-time shared-token check GitLab's token gets.
      assertAuthenticated(
        verifyGitlabToken(
          settings.cdeventsToken ?? '',
          header(req, 'x-runway-token'),
        ),
        'X-Runway-Token',
        'delivery.cdevents.token',
      );
      callers.set(req, { type: 'sharedToken' });
    }
    next();
  });

  // Bodies are parsed before the OpenAPI router: its validator turns every error into a 400,
  // and an oversized body must stay a 413. The inner parser then finds the body parsed.
  const jsonBody = express.json({ limit: MAX_BODY_SIZE });
  const router = await createOpenApiRouter({ middleware: [jsonBody] });

  router.post('/events', async (req, res) => {
    const caller = callerOf(req);
    const events = parseEventsBody(req.body);
    if (caller.type === 'repository') {
      await repositoryScope.assertEntities(
        caller.principal,
        events.map(event => event.entityRef),
      );
    }
    res.status(200).json(await ingestion.ingestEvents('api', events));
  });

  router.post('/tokens', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    await assertPermission(
      permissions,
      deliveryTokenCreatePermission,
      credentials,
      'issue ingestion tokens',
    );
    const issued = await tokens.issue(parseIngestionTokenRequest(req.body));
    const { principal } = credentials as BackstageCredentials<
      | { type: 'user'; userEntityRef: string }
      | { type: 'service'; subject: string }
    >;
    logger.info(
      `Issued an ingestion token for ${issued.provider} repository ${
        issued.repository
      } to ${
        principal.type === 'user' ? principal.userEntityRef : principal.subject
      }, revoking any earlier one`,
    );
    res.status(201).json({
      token: issued.token,
      repository: issued.repository,
      provider: issued.provider,
      createdAt: issued.createdAt.toISOString(),
    });
  });

  router.post('/webhooks/github', async (req, res) => {
    const result = mapGithubWebhook(req.header('x-github-event')!, req.body);
    res.json(await ingestion.ingestAdapterResult('github', result, req.body));
  });

  router.post('/webhooks/gitlab', async (req, res) => {
    const result = mapGitlabWebhook(req.header('x-gitlab-event')!, req.body);
    res.json(await ingestion.ingestAdapterResult('gitlab', result, req.body));
  });

  router.post('/cdevents', async (req, res) => {
    const caller = callerOf(req);
    const body: unknown = req.body;
    const result = mapCdEvents(body);
    if (caller.type === 'repository' && result.errors.length === 0) {
      await repositoryScope.assertAdapterResult(caller.principal, result);
    }
    // One event per delivery: keep it with anything unmatched; an array is kept per event.
    res.json(
      await ingestion.ingestAdapterResult(
        'cdevents',
        result,
        Array.isArray(body) ? undefined : body,
      ),
    );
  });

  router.get('/unmatched', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    await assertPermission(
      permissions,
      deliveryUnmatchedReadPermission,
      credentials,
      'read unmatched delivery events',
    );
    const { limit, offset, source } = req.query;
    res.json(
      await store.listUnmatched({
        limit: limit ?? DEFAULT_UNMATCHED_PAGE_SIZE,
        offset: offset ?? 0,
        source,
      }),
    );
  });

  /**
   * The DORA engine's input for a request: the entity's events and the window. `loadFrom`
   * widens what is loaded to an earlier start (a comparison window before `from`).
   */
  async function doraInput(
    query: {
      entityRef: string;
      from?: string;
      to?: string;
      environment?: string;
      benchmark?: string;
    },
    credentials: BackstageCredentials,
    loadFrom?: (window: { from: Date; to: Date }) => Date,
  ) {
    const entityRef = parseEntityRefParam('entityRef', query.entityRef);
    const { from, to } = parseWindow(query);
    const environment = query.environment ?? DEFAULT_ENVIRONMENT;
    const entityRefs = await entities.resolveScope(entityRef, credentials);

    const { deployments, incidents } = await store.listDoraEvents({
      entityRefs,
      environment,
      from: loadFrom ? loadFrom({ from, to }) : from,
      to,
    });
    return {
      entityRef,
      entityRefs,
      input: {
        from: from.toISOString(),
        to: to.toISOString(),
        environment,
        deployments,
        incidents,
        benchmark: query.benchmark ?? settings.benchmark,
        incidentAttributionWindowHours: settings.incidentAttributionWindowHours,
      },
    };
  }

  router.get('/dora', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const { entityRef, input } = await doraInput(req.query, credentials);
    const metrics: DoraMetrics = { entityRef, ...computeDora(input) };
    res.json(metrics);
  });

  router.get('/dora/series', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const { entityRef, input } = await doraInput(req.query, credentials);
    const series: DoraSeries = {
      entityRef,
      ...computeDoraSeries({
        ...input,
        bucket: req.query.bucket,
        tz: req.query.tz ?? DEFAULT_SERIES_TIME_ZONE,
      }),
    };
    res.json(series);
  });

  /** Per entity, its own metrics over the window, worst level first. */
  function summarizeEach(
    described: Array<{ entityRef: string; title?: string }>,
    input: Awaited<ReturnType<typeof doraInput>>['input'],
  ): DoraEntitySummary[] {
    const deploymentsOf = groupByEntity(input.deployments);
    const incidentsOf = groupByEntity(input.incidents);
    return sortOverview(
      described.map(({ entityRef, title }) => {
        const metrics = metricValues(
          computeDora({
            ...input,
            deployments: deploymentsOf.get(entityRef) ?? [],
            incidents: incidentsOf.get(entityRef) ?? [],
          }),
        );
        return {
          entityRef,
          ...(title ? { title } : {}),
          ...metrics,
          level: overallLevel(metrics),
        };
      }),
      'level',
      'asc',
    );
  }

  router.get('/dora/summary', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    // The events of the window before `from` are loaded too: the store only loads the
    // history that decides the metrics of the window it is asked for.
    const { entityRef, entityRefs, input } = await doraInput(
      req.query,
      credentials,
      ({ from, to }) => new Date(2 * from.getTime() - to.getTime()),
    );
    const current = computeDora(input);
    const windowMs = Date.parse(current.to) - Date.parse(current.from);
    const previous = computeDora({
      ...input,
      from: new Date(Date.parse(current.from) - windowMs).toISOString(),
      to: current.from,
    });
    const series = computeDoraSeries({
      ...input,
      bucket: req.query.bucket ?? DEFAULT_SUMMARY_BUCKET,
      tz: req.query.tz ?? DEFAULT_SERIES_TIME_ZONE,
    });
    const described = await entities.describe(entityRefs, credentials);
    const summary: DoraSummary = {
      entityRef,
      from: current.from,
      to: current.to,
      environment: current.environment,
      benchmark: current.benchmark,
      current: metricValues(current),
      previous: {
        from: previous.from,
        to: previous.to,
        ...metricValues(previous),
      },
      series: {
        bucket: series.bucket,
        tz: series.tz,
        buckets: series.buckets,
      },
      entities: summarizeEach(described, input),
    };
    res.json(summary);
  });

  router.get('/dora/deployments', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const { entityRef, input } = await doraInput(req.query, credentials);
    const incidentsById = new Map(input.incidents.map(i => [i.id, i]));
    const details = listDoraDeployments(input);
    const list: DoraDeploymentList = {
      entityRef,
      from: input.from,
      to: input.to,
      environment: input.environment,
      items: details.reverse().map(detail => ({
        id: detail.id,
        entityRef: detail.entityRef,
        environment: detail.environment,
        startedAt: detail.startedAt,
        finishedAt: detail.finishedAt,
        version: detail.version,
        commitSha: detail.commitSha,
        commits: detail.commits.map(({ sha, timestamp, leadTimeSeconds }) => ({
          sha,
          timestamp,
          leadTimeSeconds,
        })),
        failed: detail.failed,
        failureReasons: detail.failureReasons,
        incidents: detail.incidentIds.flatMap(id => {
          const incident = incidentsById.get(id);
          return incident
            ? [
                {
                  id,
                  openedAt: incident.openedAt,
                  resolvedAt: incident.resolvedAt ?? null,
                  severity: incident.severity ?? null,
                  url: incident.url ?? null,
                },
              ]
            : [];
        }),
        rolledBackBy: detail.rolledBackBy,
        rollbackOf: detail.rollbackOf,
        recoverySeconds: detail.recoverySeconds,
        rework: detail.rework,
        reworkReasons: detail.reworkReasons,
      })),
    };
    res.json(list);
  });

  router.get('/overview', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const { query } = req;
    const { from, to } = parseWindow(query);
    const environment = query.environment ?? DEFAULT_ENVIRONMENT;
    const owner = query.owner && parseEntityRefParam('owner', query.owner);
    const system = query.system && parseEntityRefParam('system', query.system);

    const visible = (
      await entities.describe(await store.listEntityRefs(), credentials)
    ).filter(
      entity =>
        (!owner || entity.owners.includes(owner)) &&
        (!system || entity.systems.includes(system)) &&
        matchesSearch(entity, query.search),
    );
    const entityRefs = visible.map(entity => entity.entityRef);
    const { deployments, incidents } = await store.listDoraEvents({
      entityRefs,
      environment,
      from,
      to,
    });
    const deploymentsOf = groupByEntity(deployments);
    const incidentsOf = groupByEntity(incidents);

    let benchmark = '';
    const items = visible.map(entity => {
      const {
        from: _from,
        to: _to,
        environment: _env,
        ...result
      } = computeDora({
        from: from.toISOString(),
        to: to.toISOString(),
        environment,
        deployments: deploymentsOf.get(entity.entityRef) ?? [],
        incidents: incidentsOf.get(entity.entityRef) ?? [],
        benchmark: query.benchmark ?? settings.benchmark,
        incidentAttributionWindowHours: settings.incidentAttributionWindowHours,
      });
      const { benchmark: used, ...metrics } = result;
      benchmark = used;
      return { ...entity, ...metrics, level: overallLevel(metrics) };
    });
    const selected = sortOverview(
      items.filter(item => !query.level || item.level === query.level),
      query.orderBy ?? 'level',
      query.order ?? 'asc',
    );
    const offset = query.offset ?? 0;
    const page = selected.slice(
      offset,
      offset + (query.limit ?? DEFAULT_OVERVIEW_PAGE_SIZE),
    );
    // Pipeline state is the current one, whatever the window: only for the page shown.
    const now = new Date();
    const pipelines = computePipelineState({
      runs: await store.listPipelineRuns({
        entityRefs: page.map(item => item.entityRef),
        since: new Date(now.getTime() - PIPELINE_HISTORY_DAYS * DAY_MS),
      }),
      now: now.toISOString(),
    }).pipelines;
    const overview: DeliveryOverview = {
      from: from.toISOString(),
      to: to.toISOString(),
      environment,
      benchmark,
      totalCount: selected.length,
      items: page.map(
        (item): DeliveryOverviewItem => ({
          ...item,
          lastDeployment: lastDeployment(
            deploymentsOf.get(item.entityRef) ?? [],
          ),
          pipelineStatus: worstPipelineStatus(
            pipelines.filter(p => p.entityRef === item.entityRef),
          ),
        }),
      ),
    };
    res.json(overview);
  });

  router.get('/pipelines', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const entityRef = parseEntityRefParam('entityRef', req.query.entityRef);
    const entityRefs = await entities.resolveScope(entityRef, credentials);
    const now = new Date();
    const runs = await store.listPipelineRuns({
      entityRefs,
      since: new Date(now.getTime() - PIPELINE_HISTORY_DAYS * DAY_MS),
    });
    const state: PipelineStates = {
      entityRef,
      ...computePipelineState({ runs, now: now.toISOString() }),
    };
    res.json(state);
  });

  return express.Router().use(authentication).use(jsonBody).use(router);
}
