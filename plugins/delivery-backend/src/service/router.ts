import {
  BackstageCredentials,
  HttpAuthService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { AuthenticationError, InputError } from '@backstage/errors';
import { parseEntityRefParam } from '@runway/backend-utils';
import {
  deliveryTokenCreatePermission,
  deliveryUnmatchedReadPermission,
  DeliveryOverview,
  DoraDeploymentList,
  DoraMetrics,
  DoraSeries,
  DoraSummary,
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
import { createOpenApiRouter } from '../schema/openapi.generated';
import { DoraQuery, DoraReports, parseReportWindow } from './DoraReports';
import { EventIngestion } from './EventIngestion';
import { parseEventsBody } from './parseEvents';
import { DeliverySettings } from './settings';

/** Request bodies above this are refused with a 413. */
export const MAX_BODY_SIZE = '1mb';

const DEFAULT_UNMATCHED_PAGE_SIZE = 50;

export interface RouterOptions {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  logger: LoggerService;
  store: DeliveryStore;
  /** The read endpoints' reports. */
  reports: DoraReports;
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

function header(req: express.Request, name: string): string | undefined {
  return req.header(name) ?? undefined;
}

/**
 * The parts of a DORA report query the router parses: the entity (a 400 naming
 * `entityRef`), then the window (a 400 naming `from` or `to`).
 */
function doraQuery(query: {
  entityRef: string;
  from?: string;
  to?: string;
  environment?: string;
  benchmark?: string;
}): DoraQuery {
  return {
    entityRef: parseEntityRefParam('entityRef', query.entityRef),
    window: parseReportWindow(query),
    environment: query.environment,
    benchmark: query.benchmark,
  };
}

export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const {
    httpAuth,
    permissions,
    logger,
    store,
    reports,
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

  router.get('/dora', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const metrics: DoraMetrics = await reports.metrics(
      doraQuery(req.query),
      credentials,
    );
    res.json(metrics);
  });

  router.get('/dora/series', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const { bucket, tz } = req.query;
    const series: DoraSeries = await reports.series(
      { ...doraQuery(req.query), bucket, tz },
      credentials,
    );
    res.json(series);
  });

  router.get('/dora/summary', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const { bucket, tz } = req.query;
    const summary: DoraSummary = await reports.summary(
      { ...doraQuery(req.query), bucket, tz },
      credentials,
    );
    res.json(summary);
  });

  router.get('/dora/deployments', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const list: DoraDeploymentList = await reports.deployments(
      doraQuery(req.query),
      credentials,
    );
    res.json(list);
  });

  router.get('/overview', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const { query } = req;
    const overview: DeliveryOverview = await reports.overview(
      {
        window: parseReportWindow(query),
        environment: query.environment,
        benchmark: query.benchmark,
        // A single value may arrive unwrapped, depending on how the query was parsed.
        entityRefs: query.entityRef
          ? [query.entityRef]
              .flat()
              .map(ref => parseEntityRefParam('entityRef', ref))
          : undefined,
        owner: query.owner && parseEntityRefParam('owner', query.owner),
        system: query.system && parseEntityRefParam('system', query.system),
        search: query.search,
        level: query.level,
        orderBy: query.orderBy,
        order: query.order,
        offset: query.offset,
        limit: query.limit,
      },
      credentials,
    );
    res.json(overview);
  });

  router.get('/pipelines', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const state: PipelineStates = await reports.pipelines(
      parseEntityRefParam('entityRef', req.query.entityRef),
      credentials,
    );
    res.json(state);
  });

  return express.Router().use(authentication).use(jsonBody).use(router);
}
