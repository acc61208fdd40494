import { isError } from '@backstage/errors';
import fc from 'fast-check';

/** Errors a route turns into a 4xx (see @backstage/errors). */
const CLIENT_ERRORS = new Set([
  'InputError',
  'AuthenticationError',
  'NotAllowedError',
  'NotFoundError',
  'ConflictError',
  'NotModifiedError',
]);

/**
 * Runs a parser or mapper: it must return, or throw an error that the router answers with a
 * 4xx. Any other throw (a TypeError on an unexpected shape) is rethrown, failing the property.
 */
export function resultOrClientError<T>(run: () => T): T | undefined {
  try {
    return run();
  } catch (error) {
    if (isError(error) && CLIENT_ERRORS.has(error.name)) {
      return undefined;
    }
    throw error;
  }
}

/**
 * Runs a property; undefined when it holds for every generated input, else fast-check's report
 * (counterexample, seed): `expect(propertyFailure(...)).toBeUndefined()` shows it.
 */
export function propertyFailure<Ts extends [unknown, ...unknown[]]>(
  property: fc.IProperty<Ts>,
  parameters?: fc.Parameters<Ts>,
): string | undefined {
  const details = fc.check(property, parameters);
  if (!details.failed) {
    return undefined;
  }
  const error = details.errorInstance;
  return `${fc.defaultReportMessage(details)}\n${
    error instanceof Error ? error.stack : String(error)
  }`;
}

/** Values JSON.parse can produce, with keys the payloads use to reach deeper code. */
export const jsonShaped: fc.Arbitrary<unknown> = fc.letrec(tie => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    fc.double(),
    fc.integer(),
    fc.string(),
    fc.constantFrom(
      '2026-01-05T09:50:00Z',
      'not-a-date',
      '',
      'main',
      'refs/heads/main',
      'component:default/payments',
    ),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(
      fc.oneof(
        fc.string(),
        fc.constantFrom(
          'type',
          'events',
          'id',
          'entityRef',
          'context',
          'subject',
          'content',
          'repository',
          'project',
          'object_attributes',
          'workflow_run',
          'deployment',
          'deployment_status',
          'commits',
          'builds',
          'ref',
          'after',
          '__proto__',
          'constructor',
        ),
      ),
      tie('value'),
      { maxKeys: 6 },
    ),
  ),
})).value;

/** Every path to a value inside a JSON value. */
function pathsOf(value: unknown, prefix: PropertyKey[] = []): PropertyKey[][] {
  if (typeof value !== 'object' || value === null) {
    return [prefix];
  }
  const children = Object.keys(value).flatMap(key =>
    pathsOf((value as Record<string, unknown>)[key], [
      ...prefix,
      Array.isArray(value) ? Number(key) : key,
    ]),
  );
  return [prefix, ...children];
}

/**
 * Real payloads with a few changes: a value anywhere replaced by any value (another type,
 * null, a huge number, an odd string) or removed.
 */
export function mutationsOf(examples: unknown[]): fc.Arbitrary<unknown> {
  const withPaths = examples.map(example => ({
    example,
    paths: pathsOf(example).filter(path => path.length > 0),
  }));
  const change = fc.record({
    at: fc.nat(),
    remove: fc.boolean(),
    value: fc.oneof(fc.anything(), jsonShaped),
  });
  return fc
    .tuple(
      fc.constantFrom(...withPaths),
      fc.array(change, { minLength: 1, maxLength: 4 }),
    )
    .map(([{ example, paths }, changes]) => {
      const mutated = structuredClone(example);
      for (const { at, remove, value } of changes) {
        const path = paths[at % paths.length];
        const parent = path
          .slice(0, -1)
          .reduce<unknown>(
            (node, key) =>
              typeof node === 'object' && node !== null
                ? (node as Record<PropertyKey, unknown>)[key]
                : undefined,
            mutated,
          );
        if (typeof parent === 'object' && parent !== null) {
          const key = path[path.length - 1];
          if (remove && !Array.isArray(parent)) {
            delete (parent as Record<PropertyKey, unknown>)[key];
          } else {
            (parent as Record<PropertyKey, unknown>)[key] = value;
          }
        }
      }
      return mutated;
    });
}
