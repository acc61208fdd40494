import { Entity } from '@backstage/catalog-model';

/** Environments are requested for services: Components of type service or website. @public */
export function isEnvironmentsAvailable(entity: Entity): boolean {
  return (
    entity.kind.toLocaleLowerCase('en-US') === 'component' &&
    ['service', 'website'].includes(String(entity.spec?.type ?? ''))
  );
}
