import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';

/**
 * An entity ref in the form Runway's stores keep and compare: lower case, as the catalog
 * compares refs case-insensitively.
 *
 * @public
 */
export function normalizeEntityRef(entityRef: string): string {
  return entityRef.toLocaleLowerCase('en-US');
}

/**
 * Parses an entity ref from a request or config value; the kind is required.
 *
 * @throws InputError naming `field` when the value is not a full entity ref.
 * @public
 */
export function parseEntityRefParam(field: string, value: string): string {
  try {
    return normalizeEntityRef(stringifyEntityRef(parseEntityRef(value)));
  } catch (error) {
    throw new InputError(
      `${field}: must be an entity ref like component:default/payments (${
        (error as Error).message
      })`,
    );
  }
}
