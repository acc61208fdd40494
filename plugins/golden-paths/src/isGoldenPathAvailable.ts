import { Entity } from '@backstage/catalog-model';
import { TEMPLATE_ANNOTATION } from '@runway/plugin-golden-paths-common';

/**
 * Whether an entity records the template it was created from, e.g.
 * `<EntitySwitch.Case if={isGoldenPathAvailable}>`. @public
 */
export function isGoldenPathAvailable(entity: Entity): boolean {
  return Boolean(entity.metadata.annotations?.[TEMPLATE_ANNOTATION]);
}
