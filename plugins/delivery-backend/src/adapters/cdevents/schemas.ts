/**
 * JSON schemas of the CDEvents Runway accepts, written from the field definitions of the
 * CDEvents specification (cdevents.dev, Apache-2.0) for spec releases 0.4 and 0.5. No npm
 * package publishes the spec's schemas, so they are kept here, limited to the event types
 * Runway maps; a test checks them against the official schema files.
 */

/** The CDEvents spec releases Runway accepts. */
export type CdEventsSpecLine = '0.4' | '0.5';

/** The CDEvents `<subject>.<predicate>` pairs Runway maps. */
export type CdEventKind =
  | 'service.deployed'
  | 'service.upgraded'
  | 'service.rolledback'
  | 'pipelinerun.started'
  | 'pipelinerun.finished'
  | 'change.merged'
  | 'incident.detected'
  | 'incident.reported'
  | 'incident.resolved';

type JsonSchema = Record<string, unknown>;

interface KindDefinition {
  /** Version of the event type in each spec release (the suffix of `context.type`). */
  versions: Record<CdEventsSpecLine, string>;
  /** `subject.type`, required by spec 0.4 and removed in 0.5. */
  subjectType: string;
  content: (line: CdEventsSpecLine) => JsonSchema;
}

const nonEmptyString = { type: 'string', minLength: 1 };
const uriReference = { type: 'string', minLength: 1, format: 'uri-reference' };

function object(
  properties: Record<string, JsonSchema>,
  required: string[] = [],
): JsonSchema {
  return {
    type: 'object',
    properties,
    required,
    additionalProperties: false,
  };
}

/** A reference to another subject (environment, service, repository). */
const subjectReference = object({ id: nonEmptyString, source: uriReference }, [
  'id',
]);

const linkTags = { type: 'object' };
const linkedContext = {
  type: 'object',
  properties: { contextId: nonEmptyString },
  required: ['contextId'],
};

/** Links embedded in `context.links`: the same in 0.4.1 and 0.5.1. */
const embeddedLinks: JsonSchema = {
  type: 'array',
  items: {
    anyOf: [
      object(
        {
          linkType: { type: 'string', enum: ['END'] },
          from: linkedContext,
          tags: linkTags,
        },
        ['linkType'],
      ),
      object(
        {
          linkType: { type: 'string', enum: ['PATH'] },
          from: linkedContext,
          tags: linkTags,
        },
        ['linkType', 'from'],
      ),
      object(
        {
          linkType: { type: 'string', enum: ['RELATION'] },
          linkKind: nonEmptyString,
          target: {
            type: 'object',
            properties: { contextId: nonEmptyString },
          },
          tags: linkTags,
        },
        ['linkType', 'linkKind', 'target'],
      ),
    ],
  },
};

const serviceContent = () =>
  object({ environment: subjectReference, artifactId: nonEmptyString }, [
    'environment',
    'artifactId',
  ]);

const incidentContent = (withTicket: boolean) => (): JsonSchema =>
  object(
    {
      description: { type: 'string' },
      environment: subjectReference,
      ...(withTicket
        ? { ticketURI: { type: 'string', minLength: 1, format: 'uri' } }
        : {}),
      service: subjectReference,
      artifactId: nonEmptyString,
    },
    withTicket ? ['environment', 'ticketURI'] : ['environment'],
  );

/** 0.4 names the run's address `url` (any string); 0.5 renamed it `uri` and made it a URI. */
const pipelineRunAddress = (
  line: CdEventsSpecLine,
): Record<string, JsonSchema> =>
  line === '0.4'
    ? { url: { type: 'string' } }
    : { uri: { type: 'string', format: 'uri' } };

const KINDS: Record<CdEventKind, KindDefinition> = {
  'service.deployed': {
    versions: { '0.4': '0.2.0', '0.5': '0.3.0' },
    subjectType: 'service',
    content: serviceContent,
  },
  'service.upgraded': {
    versions: { '0.4': '0.2.0', '0.5': '0.3.0' },
    subjectType: 'service',
    content: serviceContent,
  },
  'service.rolledback': {
    versions: { '0.4': '0.2.0', '0.5': '0.3.0' },
    subjectType: 'service',
    content: serviceContent,
  },
  'pipelinerun.started': {
    versions: { '0.4': '0.2.0', '0.5': '0.3.0' },
    subjectType: 'pipelineRun',
    content: line =>
      object(
        { pipelineName: { type: 'string' }, ...pipelineRunAddress(line) },
        ['pipelineName', line === '0.4' ? 'url' : 'uri'],
      ),
  },
  'pipelinerun.finished': {
    versions: { '0.4': '0.2.0', '0.5': '0.3.0' },
    subjectType: 'pipelineRun',
    content: line =>
      object({
        pipelineName: { type: 'string' },
        ...pipelineRunAddress(line),
        outcome:
          line === '0.4'
            ? { type: 'string' }
            : {
                type: 'string',
                enum: ['success', 'failure', 'cancel', 'error'],
              },
        errors: { type: 'string' },
      }),
  },
  'change.merged': {
    versions: { '0.4': '0.2.0', '0.5': '0.3.0' },
    subjectType: 'change',
    content: () => object({ repository: subjectReference }),
  },
  'incident.detected': {
    versions: { '0.4': '0.2.0', '0.5': '0.3.0' },
    subjectType: 'incident',
    content: incidentContent(false),
  },
  'incident.reported': {
    versions: { '0.4': '0.2.0', '0.5': '0.3.0' },
    subjectType: 'incident',
    content: incidentContent(true),
  },
  'incident.resolved': {
    versions: { '0.4': '0.2.0', '0.5': '0.3.0' },
    subjectType: 'incident',
    content: incidentContent(false),
  },
};

export const CDEVENT_KINDS = Object.keys(KINDS) as CdEventKind[];
export const CDEVENTS_SPEC_LINES: CdEventsSpecLine[] = ['0.4', '0.5'];

/** `dev.cdevents.service.deployed.0.3.0` for `service.deployed` in spec 0.5. */
export function cdEventTypeName(
  kind: CdEventKind,
  line: CdEventsSpecLine,
): string {
  return `dev.cdevents.${kind}.${KINDS[kind].versions[line]}`;
}

/** The schema of one event type in one spec release. */
export function cdEventSchema(
  kind: CdEventKind,
  line: CdEventsSpecLine,
): JsonSchema {
  const definition = KINDS[kind];
  const versionField = line === '0.4' ? 'version' : 'specversion';
  const context = object(
    {
      [versionField]: nonEmptyString,
      id: nonEmptyString,
      source: uriReference,
      type: { type: 'string', enum: [cdEventTypeName(kind, line)] },
      timestamp: { type: 'string', format: 'date-time' },
      schemaUri: { type: 'string', minLength: 1, format: 'uri' },
      chainId: nonEmptyString,
      links: embeddedLinks,
    },
    [versionField, 'id', 'source', 'type', 'timestamp'],
  );
  const subject =
    line === '0.4'
      ? object(
          {
            id: nonEmptyString,
            source: uriReference,
            type: {
              type: 'string',
              minLength: 1,
              enum: [definition.subjectType],
            },
            content: definition.content(line),
          },
          ['id', 'type', 'content'],
        )
      : object(
          {
            id: nonEmptyString,
            source: uriReference,
            content: definition.content(line),
          },
          ['id', 'content'],
        );
  return object(
    {
      context,
      subject,
      // The spec allows a JSON object or a base64 string.
      customData: { type: ['object', 'string'] },
      customDataContentType: { type: 'string' },
    },
    ['context', 'subject'],
  );
}
