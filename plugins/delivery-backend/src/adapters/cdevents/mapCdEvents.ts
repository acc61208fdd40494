import type {
  DeploymentEvent,
  IncidentEvent,
  PipelineRunEvent,
  PipelineRunStatus,
} from '@runway/plugin-delivery-common';
import { z } from 'zod';
import { toUtcInstant } from '../time';
import { instantSchema, mappedEvent, withoutUndefined } from '../payload';
import { AdapterResult, EntityHint, emptyAdapterResult } from '../types';
import { zodIssuesToErrors } from '../zodErrors';
import type { CdEventKind } from './schemas';
import { CdEventsValidator } from './validate';

/** The fields of a CDEvent read after schema validation (the schema guarantees their shapes). */
interface ValidCdEvent {
  context: {
    id: string;
    source: string;
    type: string;
    timestamp: string;
    links?: Array<{
      linkType: string;
      linkKind?: string;
      target?: { contextId?: string };
    }>;
  };
  subject: {
    id: string;
    source?: string;
    content: Record<string, any>;
  };
  customData?: unknown;
}

/**
 * Optional Runway fields a producer can put in `customData` (an object) to give what the
 * CDEvents spec has no field for. Documented in the adapters README.
 */
const runwayCustomData = z.object({
  entityRef: z.string().min(1).optional(),
  serviceId: z.string().min(1).optional(),
  commitSha: z.string().min(1).optional(),
  branch: z.string().min(1).optional(),
  commits: z
    .array(
      z.object({
        sha: z.string().min(1),
        timestamp: instantSchema,
      }),
    )
    .optional(),
  rollbackOf: z.string().min(1).optional(),
  deploymentId: z.string().min(1).optional(),
  severity: z.string().min(1).optional(),
  attempt: z.number().int().positive().optional(),
});
type RunwayCustomData = z.infer<typeof runwayCustomData>;

const OUTCOME_STATUS: Record<string, PipelineRunStatus> = {
  success: 'succeeded',
  failure: 'failed',
  error: 'failed',
  cancel: 'cancelled',
};

/** Link kinds that say a rollback undoes the linked deployment event. */
const ROLLBACK_LINK_KINDS = new Set(['ROLLBACK', 'ROLLBACK_OF', 'ROLLS_BACK']);

let sharedValidator: CdEventsValidator | undefined;

/** The most CDEvents one request (an array) may carry. */
export const MAX_CDEVENTS_PER_REQUEST = 1000;

/**
 * Validates structured-mode CDEvents (one event or an array) against the schemas of spec 0.4
 * and 0.5 and maps the accepted types. Paths in errors and ignored items are prefixed with
 * `[i]` when the body is an array.
 */
export function mapCdEvents(body: unknown): AdapterResult {
  sharedValidator ??= new CdEventsValidator();
  const validator = sharedValidator;
  const result = emptyAdapterResult();
  const batch = Array.isArray(body);
  const items: unknown[] = batch ? (body as unknown[]) : [body];
  if (batch && items.length === 0) {
    result.errors.push({
      path: '',
      message: 'must contain at least one CDEvent',
    });
    return result;
  }
  // As many as `POST /events` takes: each may name a service the catalog is asked about.
  if (items.length > MAX_CDEVENTS_PER_REQUEST) {
    result.errors.push({
      path: '',
      message: `must contain at most ${MAX_CDEVENTS_PER_REQUEST} CDEvents (got ${items.length}); send them in several requests`,
    });
    return result;
  }
  items.forEach((item, index) => {
    const prefix = batch ? `[${index}]` : '';
    const at = (path: string) =>
      prefix && path ? `${prefix}.${path}` : prefix + path;
    const type = readContextType(item);
    if (type === null) {
      result.errors.push({
        path: prefix,
        message: 'must be a CDEvent: an object with context and subject',
      });
      return;
    }
    if (type === undefined) {
      result.errors.push({ path: at('context.type'), message: 'is required' });
      return;
    }
    const lookup = validator.lookupType(type);
    if (!lookup.known) {
      result.ignored.push({ path: prefix, reason: lookup.reason });
      return;
    }
    const schemaErrors = validator.validate(type, item);
    if (schemaErrors.length > 0) {
      result.errors.push(
        ...schemaErrors.map(e => ({ path: at(e.path), message: e.message })),
      );
      return;
    }
    const event = item as ValidCdEvent;
    const custom = readCustomData(event.customData);
    if (!custom.success) {
      result.errors.push(
        ...custom.errors.map(e => ({
          path: at(`customData.${e.path}`),
          message: e.message,
        })),
      );
      return;
    }
    const timestamp = toUtcInstant(event.context.timestamp);
    if (!timestamp) {
      // Valid RFC 3339 that is not an instant Runway can store (e.g. a leap second).
      result.errors.push({
        path: at('context.timestamp'),
        message: 'must be a date-time Runway can read',
      });
      return;
    }
    mapEvent(lookup.kind, event, timestamp, custom.data, result, prefix);
  });
  return result;
}

function readContextType(item: unknown): string | undefined | null {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) {
    return null;
  }
  const context = (item as { context?: unknown }).context;
  if (typeof context !== 'object' || context === null) {
    return undefined;
  }
  const type = (context as { type?: unknown }).type;
  return typeof type === 'string' ? type : undefined;
}

function readCustomData(
  customData: unknown,
):
  | { success: true; data: RunwayCustomData }
  | { success: false; errors: Array<{ path: string; message: string }> } {
  // A base64 string is opaque to Runway.
  if (typeof customData !== 'object' || customData === null) {
    return { success: true, data: {} };
  }
  const parsed = runwayCustomData.safeParse(customData);
  return parsed.success
    ? { success: true, data: parsed.data }
    : { success: false, errors: zodIssuesToErrors(parsed.error.issues) };
}

function mapEvent(
  kind: CdEventKind,
  event: ValidCdEvent,
  timestamp: string,
  custom: RunwayCustomData,
  result: AdapterResult,
  prefix: string,
): void {
  const { context, subject } = event;
  const subjectKey = `cdevents:${subject.source ?? context.source}:${
    subject.id
  }`;
  switch (kind) {
    case 'service.deployed':
    case 'service.upgraded':
    case 'service.rolledback': {
      const deployment: Omit<DeploymentEvent, 'entityRef'> = {
        type: 'deployment',
        id: deploymentId(context.source, context.id),
        environment: subject.content.environment.id,
        status: 'succeeded',
        finishedAt: timestamp,
        version: subject.content.artifactId,
        commitSha: custom.commitSha,
        commits: custom.commits?.map(c => ({
          sha: c.sha,
          timestamp: toUtcInstant(c.timestamp)!,
        })),
        labels: { 'cdevents.type': kind },
      };
      if (kind === 'service.rolledback') {
        deployment.labels!.rollback = 'true';
        deployment.rollbackOf = custom.rollbackOf ?? rollbackOfFromLinks(event);
      }
      result.events.push(
        mappedEvent(
          'cdevents',
          deployment,
          hintFor(custom, { kind: 'cdeventsService', serviceId: subject.id }),
        ),
      );
      return;
    }
    case 'pipelinerun.started':
    case 'pipelinerun.finished': {
      const pipelineName: string | undefined =
        subject.content.pipelineName || undefined;
      let status: PipelineRunStatus = 'running';
      if (kind === 'pipelinerun.finished') {
        const outcome: string | undefined = subject.content.outcome;
        const mappedStatus = outcome ? OUTCOME_STATUS[outcome] : undefined;
        if (!mappedStatus) {
          result.ignored.push({
            path: prefix,
            reason: outcome
              ? `pipelinerun.finished outcome "${outcome}" is not one of success, failure, error, cancel`
              : 'pipelinerun.finished without subject.content.outcome: the result of the run is unknown',
          });
          return;
        }
        status = mappedStatus;
      }
      const run: Omit<PipelineRunEvent, 'entityRef'> = {
        type: 'pipelineRun',
        id: subjectKey,
        pipeline: pipelineName ?? subject.id,
        branch: custom.branch,
        status,
        attempt: custom.attempt,
        url: subject.content.uri ?? subject.content.url ?? undefined,
        commitSha: custom.commitSha,
        ...(kind === 'pipelinerun.started'
          ? { startedAt: timestamp }
          : { finishedAt: timestamp }),
      };
      result.events.push(
        mappedEvent(
          'cdevents',
          run,
          hintFor(
            custom,
            pipelineName
              ? { kind: 'cdeventsService', serviceId: pipelineName }
              : {
                  kind: 'none',
                  why: 'pipeline run without pipelineName nor customData.entityRef/serviceId',
                },
          ),
          pipelineName ? undefined : ['pipeline'],
        ),
      );
      return;
    }
    case 'change.merged': {
      const repository: { id: string; source?: string } | undefined =
        subject.content.repository;
      result.changes.push(
        withoutUndefined({
          source: 'cdevents' as const,
          id: subjectKey,
          repository: repository?.id,
          mergedAt: timestamp,
          mergeCommitSha: custom.commitSha,
          entity: hintFor(
            custom,
            repository
              ? {
                  kind: 'repository',
                  provider: providerOf(repository.source),
                  slug: repository.id,
                }
              : {
                  kind: 'none',
                  why: 'change.merged without subject.content.repository nor customData.entityRef',
                },
          ),
        }),
      );
      return;
    }
    case 'incident.detected':
    case 'incident.reported':
    case 'incident.resolved': {
      const resolved = kind === 'incident.resolved';
      const incident: Omit<IncidentEvent, 'entityRef'> = {
        type: 'incident',
        id: subjectKey,
        environment: subject.content.environment.id,
        // A resolution carries no opening time: its own time stands in until the detection is seen.
        openedAt: timestamp,
        resolvedAt: resolved ? timestamp : undefined,
        deploymentId: custom.deploymentId,
        severity: custom.severity,
        url: subject.content.ticketURI,
      };
      const service: string | undefined = subject.content.service?.id;
      result.events.push(
        mappedEvent(
          'cdevents',
          incident,
          hintFor(
            custom,
            service
              ? { kind: 'cdeventsService', serviceId: service }
              : {
                  kind: 'none',
                  why: `${kind} without subject.content.service nor customData.entityRef/serviceId`,
                },
          ),
          resolved ? ['openedAt'] : undefined,
        ),
      );
      return;
    }
    default:
      throw new Error(`Unmapped CDEvent kind ${kind satisfies never}`);
  }
}

/** Deployment ids: a CDEvent id is unique within its source only. */
function deploymentId(source: string, id: string): string {
  return `cdevents:${source}:${id}`;
}

/**
 * A rollback names what it undoes through a RELATION link of kind ROLLBACK to the
 * `service.deployed` event it reverts, from the same source.
 */
function rollbackOfFromLinks(event: ValidCdEvent): string | undefined {
  const link = event.context.links?.find(
    l =>
      l.linkType === 'RELATION' &&
      ROLLBACK_LINK_KINDS.has((l.linkKind ?? '').toUpperCase()) &&
      l.target?.contextId,
  );
  return link
    ? deploymentId(event.context.source, link.target!.contextId!)
    : undefined;
}

function hintFor(custom: RunwayCustomData, fallback: EntityHint): EntityHint {
  if (custom.entityRef) {
    return { kind: 'entityRef', entityRef: custom.entityRef };
  }
  if (custom.serviceId) {
    return { kind: 'cdeventsService', serviceId: custom.serviceId };
  }
  return fallback;
}

function providerOf(
  source: string | undefined,
): 'github' | 'gitlab' | undefined {
  if (!source) {
    return undefined;
  }
  if (/(^|[/.@])github\.com([/:]|$)/i.test(source)) {
    return 'github';
  }
  if (/(^|[/.@])gitlab\.com([/:]|$)/i.test(source)) {
    return 'gitlab';
  }
  return undefined;
}
