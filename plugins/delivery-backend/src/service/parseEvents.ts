import { InputError } from '@backstage/errors';
import { parseEntityRefParam } from '@runway/backend-utils';
import {
  DeliveryEvent,
  DeliveryEventType,
  isWebAddress,
} from '@runway/plugin-delivery-common';
import Ajv2020, { ErrorObject, ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { spec } from '../schema/openapi.generated';

/** The most events one `POST /events` may carry. */
export const MAX_EVENTS_PER_REQUEST = 1000;

/** How many problems one 400 lists, so that a broken batch still gets a readable message. */
const MAX_REPORTED_ISSUES = 5;

/**
 * A JSON Schema as far as this file reads one: the shape of the events is written once, in
 * openapi.yaml (components/schemas), and both validates events and words the messages.
 */
interface FieldSchema {
  type?: string | readonly string[];
  format?: string;
  enum?: readonly string[];
  minimum?: number;
  maxLength?: number;
  properties?: Readonly<Record<string, FieldSchema>>;
  items?: FieldSchema;
  additionalProperties?: boolean | FieldSchema;
}

const SCHEMA_NAME: Record<DeliveryEventType, string> = {
  deployment: 'DeploymentEvent',
  incident: 'IncidentEvent',
  pipelineRun: 'PipelineRunEvent',
};

const schemas = spec.components.schemas as unknown as Record<
  string,
  FieldSchema
>;

const ajv = new Ajv2020({
  // Every problem of an event, as the 400 lists them.
  allErrors: true,
});
addFormats(ajv, ['date-time']);
// An absolute URL is one the WHATWG URL parser (what every client and the frontend use)
// accepts: stricter RFC 3986 readings refuse URLs that browsers open. Only web addresses:
// the portal and anyone reading the API link these, and a `javascript:` or `data:` URL
// posted by a holder of an events token would be a link that runs script.
ajv.addFormat('uri', {
  type: 'string',
  validate: value => isWebAddress(value),
});
ajv.addSchema({ $id: 'delivery', $defs: spec.components.schemas } as object);
const validatorByType = Object.fromEntries(
  Object.entries(SCHEMA_NAME).map(([type, name]) => [
    type,
    ajv.compile({ $ref: `delivery#/$defs/${name}` }),
  ]),
) as Record<DeliveryEventType, ValidateFunction>;

const isInstant = (schema: FieldSchema | undefined) =>
  schema?.format === 'date-time';

/** What a value of this field must be, in the words of the API's 400s. */
function expectation(
  schema: FieldSchema | undefined,
  error: ErrorObject,
): string {
  if (isInstant(schema)) {
    return 'must be an ISO-8601 instant';
  }
  if (schema?.format === 'uri') {
    return error.keyword === 'maxLength'
      ? `must be at most ${schema.maxLength} characters`
      : 'must be an absolute http(s) URL';
  }
  if (schema?.enum) {
    return `must be one of ${schema.enum.join(', ')}`;
  }
  if (schema?.type === 'integer') {
    return schema.minimum === undefined
      ? 'must be a whole number'
      : `must be a whole number of at least ${schema.minimum}`;
  }
  if (schema?.type === 'array' && schema.items?.properties) {
    return `must be an array of { ${Object.keys(schema.items.properties).join(
      ', ',
    )} }`;
  }
  if (schema?.type === 'object') {
    const values = schema.additionalProperties;
    return typeof values === 'object'
      ? `must be an object of ${values.type} values`
      : `must be an object { ${Object.keys(schema.properties ?? {}).join(
          ', ',
        )} }`;
  }
  switch (error.keyword) {
    case 'minLength':
      return 'must not be empty';
    case 'maxLength':
      return `must be at most ${error.params.limit} characters`;
    default:
      return schema?.type === 'string' ? 'must be a string' : error.message!;
  }
}

/** The field schema at a path of an event, following properties, items and maps. */
function schemaAt(
  schema: FieldSchema | undefined,
  path: Path,
): FieldSchema | undefined {
  return path.reduce<FieldSchema | undefined>((current, segment) => {
    if (typeof segment === 'number') {
      return current?.items;
    }
    const property = current?.properties?.[String(segment)];
    if (property) {
      return property;
    }
    return typeof current?.additionalProperties === 'object'
      ? current.additionalProperties
      : undefined;
  }, schema);
}

/**
 * A JSON pointer into `value` as a path: `/commits/0/sha` -> `['commits', 0, 'sha']` (an
 * index only where the value is an array: a label may be named `0`).
 */
function pointerPath(value: unknown, pointer: string): Path {
  const path: PropertyKey[] = [];
  let current = value;
  for (const raw of pointer.split('/').slice(1)) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    const key = Array.isArray(current) ? Number(segment) : segment;
    path.push(key);
    current =
      isObject(current) || Array.isArray(current)
        ? (current as Record<PropertyKey, unknown>)[key]
        : undefined;
  }
  return path;
}

/**
 * The event as stored: the schema's fields in its order, instants as UTC ISO-8601 with
 * milliseconds, so that one instant has one spelling.
 */
function normalized(schema: FieldSchema | undefined, value: unknown): unknown {
  if (isInstant(schema) && typeof value === 'string') {
    return new Date(value).toISOString();
  }
  if (Array.isArray(value)) {
    return value.map(item => normalized(schema?.items, item));
  }
  if (isObject(value) && schema?.properties) {
    const known = schema.properties;
    return Object.fromEntries(
      Object.keys(known)
        .filter(key => value[key] !== undefined)
        .map(key => [key, normalized(known[key], value[key])]),
    );
  }
  return value;
}

/** Pairs of instants of which the first may not be before the second. */
const ORDERED_INSTANTS: Array<[later: string, earlier: string]> = [
  ['finishedAt', 'startedAt'],
  ['resolvedAt', 'openedAt'],
];

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
  if (typeof type !== 'string' || !Object.hasOwn(validatorByType, type)) {
    issues.add(
      [...path, 'type'],
      `must be one of ${Object.keys(validatorByType).join(', ')}`,
    );
    return undefined;
  }
  const schema = schemas[SCHEMA_NAME[type as DeliveryEventType]];
  const validate = validatorByType[type as DeliveryEventType];
  const problems = new Map<string, { at: Path; message: string }>();
  // One message a field: a value can break several keywords of one rule.
  const report = (at: Path, message: string) => {
    const key = JSON.stringify(at);
    if (!problems.has(key)) {
      problems.set(key, { at, message });
    }
  };
  if (!validate(value)) {
    for (const error of validate.errors ?? []) {
      const at = pointerPath(value, error.instancePath);
      if (error.keyword === 'additionalProperties') {
        report(
          [...at, error.params.additionalProperty],
          `is not a field of ${type} (fields are camelCase)`,
        );
      } else if (error.keyword === 'required') {
        report([...at, error.params.missingProperty], 'is required');
      } else {
        report(at, expectation(schemaAt(schema, at), error));
      }
    }
  }
  // What the schema cannot say: an entity ref is one the catalog can parse...
  let entityRef: string | undefined;
  if (!problems.has(JSON.stringify(['entityRef']))) {
    try {
      entityRef = parseEntityRefParam('entityRef', value.entityRef as string);
    } catch (error) {
      report(
        ['entityRef'],
        (error as Error).message.replace(/^entityRef: /, ''),
      );
    }
  }
  if (problems.size > 0) {
    // In the order of the schema's fields, as the event is written.
    const fields = Object.keys(schema.properties ?? {});
    const rank = (at: Path) => {
      const index = fields.indexOf(String(at[0]));
      return index < 0 ? fields.length : index;
    };
    for (const { at, message } of [...problems.values()].sort(
      (a, b) => rank(a.at) - rank(b.at),
    )) {
      issues.add([...path, ...at], message);
    }
    return undefined;
  }
  const event = {
    ...(normalized(schema, value) as DeliveryEvent),
    entityRef: entityRef!,
  };
  // ...and an end is not before its start.
  const instants = event as unknown as Record<
    string,
    string | null | undefined
  >;
  for (const [later, earlier] of ORDERED_INSTANTS) {
    const end = instants[later];
    const start = instants[earlier];
    if (end && start && end < start) {
      issues.add([...path, later], `must not be before ${earlier}`);
      return undefined;
    }
  }
  return event;
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
