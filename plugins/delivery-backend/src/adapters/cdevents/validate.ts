import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { AdapterError } from '../types';
import {
  CDEVENT_KINDS,
  CDEVENTS_SPEC_LINES,
  CdEventKind,
  CdEventsSpecLine,
  cdEventSchema,
  cdEventTypeName,
} from './schemas';

interface KnownType {
  kind: CdEventKind;
  line: CdEventsSpecLine;
  validate: ValidateFunction;
}

/** What a `context.type` value is to Runway. */
export type CdEventTypeLookup =
  | { known: true; kind: CdEventKind; line: CdEventsSpecLine }
  | { known: false; reason: string };

const CDEVENTS_TYPE = /^dev\.cdevents\.([a-z]+)\.([a-z]+)\.(\d+\.\d+\.\d+)$/;

/** Compiles the accepted schemas once and validates CDEvents against them. */
export class CdEventsValidator {
  private readonly types = new Map<string, KnownType>();

  constructor() {
    const ajv = new Ajv({
      allErrors: true,
      strict: true,
      allowUnionTypes: true,
    });
    addFormats(ajv, ['date-time', 'uri', 'uri-reference']);
    for (const kind of CDEVENT_KINDS) {
      for (const line of CDEVENTS_SPEC_LINES) {
        this.types.set(cdEventTypeName(kind, line), {
          kind,
          line,
          validate: ajv.compile(cdEventSchema(kind, line)),
        });
      }
    }
  }

  lookupType(type: string): CdEventTypeLookup {
    const known = this.types.get(type);
    if (known) {
      return { known: true, kind: known.kind, line: known.line };
    }
    const match = CDEVENTS_TYPE.exec(type);
    if (!match) {
      return {
        known: false,
        reason: `CDEvent type "${type}" is not mapped by Runway`,
      };
    }
    const kind = `${match[1]}.${match[2]}`;
    if ((CDEVENT_KINDS as string[]).includes(kind)) {
      const accepted = CDEVENTS_SPEC_LINES.map(
        line => `${cdEventTypeName(kind as CdEventKind, line)} (spec ${line})`,
      ).join(', ');
      return {
        known: false,
        reason: `CDEvent type "${type}" is an unsupported version of ${kind}; accepted: ${accepted}`,
      };
    }
    return {
      known: false,
      reason: `CDEvent type "${type}" is not mapped by Runway`,
    };
  }

  /** Validates an event whose `context.type` is known; errors name the field path. */
  validate(type: string, event: unknown): AdapterError[] {
    const known = this.types.get(type);
    if (!known) {
      return [{ path: 'context.type', message: `unsupported type "${type}"` }];
    }
    if (known.validate(event)) {
      return [];
    }
    return describeErrors(known.validate.errors ?? []);
  }
}

function describeErrors(errors: ErrorObject[]): AdapterError[] {
  // A link matching none of the three link shapes yields one error per shape; say it once.
  const failedAnyOf = errors.filter(e => e.keyword === 'anyOf');
  const relevant = errors.filter(
    e =>
      e.keyword === 'anyOf' ||
      !failedAnyOf.some(
        a =>
          e.schemaPath.startsWith(`${a.schemaPath}/`) &&
          e.instancePath.startsWith(a.instancePath),
      ),
  );
  const described = relevant.map(describeError);
  const seen = new Set<string>();
  return described.filter(error => {
    const key = `${error.path}\u0000${error.message}`;
    if (seen.has(key)) {
      return false;
    }
    seen.add(key);
    return true;
  });
}

function describeError(error: ErrorObject): AdapterError {
  const path = toFieldPath(error.instancePath);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return {
        path: joinPath(path, String(params.missingProperty)),
        message: 'is required',
      };
    case 'additionalProperties':
      return {
        path: joinPath(path, String(params.additionalProperty)),
        message: 'is not allowed',
      };
    case 'format':
      return { path, message: `must be ${params.format}` };
    case 'enum':
      return {
        path,
        message: `must be one of: ${(params.allowedValues as unknown[])
          .map(v => JSON.stringify(v))
          .join(', ')}`,
      };
    case 'type':
      return {
        path,
        message: `must be ${[params.type].flat().join(' or ')}`,
      };
    case 'minLength':
      return { path, message: 'must not be empty' };
    case 'anyOf':
      return {
        path,
        message:
          'must be an END, PATH or RELATION link with its required fields',
      };
    default:
      return { path, message: error.message ?? `fails ${error.keyword}` };
  }
}

/** `/context/links/0/target` -> `context.links[0].target` */
function toFieldPath(instancePath: string): string {
  return instancePath
    .split('/')
    .slice(1)
    .map(segment => segment.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce(
      (path, segment) =>
        /^\d+$/.test(segment) ? `${path}[${segment}]` : joinPath(path, segment),
      '',
    );
}

function joinPath(path: string, field: string): string {
  return path ? `${path}.${field}` : field;
}
