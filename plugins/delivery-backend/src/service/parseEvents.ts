import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  DeliveryEvent,
  DeliveryEventType,
} from '@runway/plugin-delivery-common';
import { z } from 'zod';

/** The most events one `POST /events` may carry. */
export const MAX_EVENTS_PER_REQUEST = 1000;

/** How many problems one 400 lists, so that a broken batch still gets a readable message. */
const MAX_REPORTED_ISSUES = 5;

const text = (max = 255) =>
  z
    .string({ error: 'must be a string' })
    .min(1, { error: 'must not be empty' })
    .max(max, { error: `must be at most ${max} characters` });

const instant = z.iso
  .datetime({ offset: true, error: 'must be an ISO-8601 instant' })
  .transform(value => new Date(value).toISOString());

const entityRef = text().transform((value, ctx) => {
  try {
    return stringifyEntityRef(parseEntityRef(value)).toLocaleLowerCase('en-US');
  } catch (error) {
    ctx.addIssue({
      code: 'custom',
      message: `must be an entity ref like component:default/payments (${
        (error as Error).message
      })`,
    });
    return z.NEVER;
  }
});

const url = z.url({ error: 'must be an absolute URL' }).max(2048, {
  error: 'must be at most 2048 characters',
});

const oneOf = <T extends string>(values: readonly [T, ...T[]]) =>
  z.enum(values, { error: `must be one of ${values.join(', ')}` });

function notBefore(
  later: string | null | undefined,
  earlier: string | undefined,
): boolean {
  return !later || !earlier || later >= earlier;
}

const deploymentSchema = z
  .strictObject({
    type: z.literal('deployment'),
    id: text(),
    entityRef,
    environment: text(),
    status: oneOf(['succeeded', 'failed']),
    startedAt: instant.optional(),
    finishedAt: instant,
    version: text().optional(),
    commitSha: text().optional(),
    commits: z
      .array(z.strictObject({ sha: text(), timestamp: instant }), {
        error: 'must be an array of { sha, timestamp }',
      })
      .optional(),
    rollbackOf: text().optional(),
    labels: z
      .record(z.string(), z.string({ error: 'must be a string' }), {
        error: 'must be an object of string values',
      })
      .optional(),
  })
  .superRefine((event, ctx) => {
    if (!notBefore(event.finishedAt, event.startedAt)) {
      ctx.addIssue({
        code: 'custom',
        path: ['finishedAt'],
        message: 'must not be before startedAt',
      });
    }
  });

const incidentSchema = z
  .strictObject({
    type: z.literal('incident'),
    id: text(),
    entityRef,
    environment: text(),
    openedAt: instant,
    resolvedAt: instant.nullable().optional(),
    deploymentId: text().optional(),
    severity: text().optional(),
    url: url.optional(),
  })
  .superRefine((event, ctx) => {
    if (!notBefore(event.resolvedAt, event.openedAt)) {
      ctx.addIssue({
        code: 'custom',
        path: ['resolvedAt'],
        message: 'must not be before openedAt',
      });
    }
  });

const pipelineRunSchema = z
  .strictObject({
    type: z.literal('pipelineRun'),
    id: text(),
    entityRef,
    pipeline: text(),
    branch: text().optional(),
    status: oneOf(['queued', 'running', 'succeeded', 'failed', 'cancelled']),
    attempt: z
      .number({ error: 'must be a whole number of at least 1' })
      .int({ error: 'must be a whole number of at least 1' })
      .min(1, { error: 'must be a whole number of at least 1' })
      .optional(),
    startedAt: instant.optional(),
    finishedAt: instant.optional(),
    url: url.optional(),
    commitSha: text().optional(),
  })
  .superRefine((event, ctx) => {
    if (!notBefore(event.finishedAt, event.startedAt)) {
      ctx.addIssue({
        code: 'custom',
        path: ['finishedAt'],
        message: 'must not be before startedAt',
      });
    }
  });

const schemaByType: Record<DeliveryEventType, z.ZodType<DeliveryEvent>> = {
  deployment: deploymentSchema,
  incident: incidentSchema,
  pipelineRun: pipelineRunSchema,
};

type Path = ReadonlyArray<PropertyKey>;

function formatPath(path: Path): string {
  return path.reduce<string>((formatted, segment) => {
    if (typeof segment === 'number') {
      return `${formatted}[${segment}]`;
    }
    return formatted ? `${formatted}.${String(segment)}` : String(segment);
  }, '');
}

class IssueCollector {
  readonly messages: string[] = [];

  add(path: Path, message: string) {
    this.messages.push(`${formatPath(path) || 'body'}: ${message}`);
  }

  throwIfAny() {
    if (this.messages.length === 0) {
      return;
    }
    const shown = this.messages.slice(0, MAX_REPORTED_ISSUES);
    const more = this.messages.length - shown.length;
    throw new InputError(
      more > 0 ? `${shown.join('; ')}; and ${more} more` : shown.join('; '),
    );
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function valueAt(value: unknown, path: Path): unknown {
  return path.reduce<unknown>(
    (current, segment) =>
      isObject(current) || Array.isArray(current)
        ? (current as Record<PropertyKey, unknown>)[segment]
        : undefined,
    value,
  );
}

function parseEvent(
  value: unknown,
  path: Path,
  issues: IssueCollector,
): DeliveryEvent | undefined {
  if (!isObject(value)) {
    issues.add(path, 'must be an event object');
    return undefined;
  }
  const type = value.type;
  if (typeof type !== 'string' || !Object.hasOwn(schemaByType, type)) {
    issues.add(
      [...path, 'type'],
      `must be one of ${Object.keys(schemaByType).join(', ')}`,
    );
    return undefined;
  }
  const result = schemaByType[type as DeliveryEventType].safeParse(value);
  if (result.success) {
    return result.data;
  }
  for (const issue of result.error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        issues.add(
          [...path, ...issue.path, key],
          `is not a field of ${type} (fields are camelCase)`,
        );
      }
    } else if (
      issue.code === 'invalid_type' &&
      valueAt(value, issue.path) === undefined
    ) {
      issues.add([...path, ...issue.path], 'is required');
    } else {
      issues.add([...path, ...issue.path], issue.message);
    }
  }
  return undefined;
}

/**
 * Validates events another part of the backend produced (an adapter's mapping of a webhook):
 * the same rules as the native API, so nothing reaches the store that the API would refuse.
 * `pathOf` names an event in the error message.
 */
export function parseEventList(
  events: unknown[],
  pathOf: (index: number) => string,
): DeliveryEvent[] {
  const issues = new IssueCollector();
  const parsed = events.map((event, index) =>
    parseEvent(event, [pathOf(index)], issues),
  );
  issues.throwIfAny();
  return parsed as DeliveryEvent[];
}

/**
 * Validates the body of `POST /events`: one event, or `{ "events": [...] }` with at most
 * {@link MAX_EVENTS_PER_REQUEST}. Any invalid event rejects the whole request with an
 * InputError naming each field path and what is wrong with it.
 */
export function parseEventsBody(body: unknown): DeliveryEvent[] {
  const issues = new IssueCollector();
  if (!isObject(body)) {
    issues.add([], 'must be one event object or { "events": [...] }');
    issues.throwIfAny();
  }
  const record = body as Record<string, unknown>;

  if (!('events' in record) || 'type' in record) {
    const event = parseEvent(record, [], issues);
    issues.throwIfAny();
    return [event!];
  }

  for (const key of Object.keys(record).filter(k => k !== 'events')) {
    issues.add([key], 'is not allowed beside events');
  }
  const events = record.events;
  if (!Array.isArray(events)) {
    issues.add(['events'], 'must be an array of events');
  } else if (events.length === 0) {
    issues.add(['events'], 'must contain at least one event');
  } else if (events.length > MAX_EVENTS_PER_REQUEST) {
    issues.add(
      ['events'],
      `must contain at most ${MAX_EVENTS_PER_REQUEST} events (got ${events.length})`,
    );
  }
  issues.throwIfAny();

  const parsed = (events as unknown[]).map((event, index) =>
    parseEvent(event, ['events', index], issues),
  );
  issues.throwIfAny();
  return parsed as DeliveryEvent[];
}
