import { EntityKindFilter } from '@backstage/plugin-catalog-react';
import { Entity } from '@backstage/catalog-model';
import { catalogHealthColumns } from './CatalogHealthTable';
import { ServiceHealth } from '../health/useServiceHealth';

const health: ServiceHealth = {
  delivery: { state: 'loading' },
  cost: { state: 'loading' },
};

const entity = (kind: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name: 'x', namespace: 'default' },
});

function context(kind: string, entities: Entity[] = []) {
  return {
    filters: { kind: new EntityKindFilter(kind, kind) },
    entities,
  } as any;
}

// The stock columns' titles are translated elements: name them by their field.
const titles = (
  columns: Array<{ title?: unknown; field?: string; hidden?: boolean }>,
) =>
  columns
    .filter(c => !c.hidden)
    .map(c => (typeof c.title === 'string' ? c.title : c.field));

describe('catalogHealthColumns', () => {
  it('gives components the health columns beside name and owner', () => {
    const columns = catalogHealthColumns(() => health)(
      context('component', [entity('Component')]),
    );
    expect(titles(columns)).toEqual([
      'resolved.entityRef',
      'resolved.ownedByRelationsTitle',
      'DORA level',
      'Last production deployment',
      'Main pipeline',
      '30-day cost',
    ]);
  });

  it('keeps system, type and lifecycle on a wide screen', () => {
    const columns = catalogHealthColumns(
      () => health,
      true,
    )(context('component'));
    expect(titles(columns)).toEqual([
      'resolved.entityRef',
      'resolved.partOfSystemRelationTitle',
      'resolved.ownedByRelationsTitle',
      'entity.spec.type',
      'entity.spec.lifecycle',
      'DORA level',
      'Last production deployment',
      'Main pipeline',
      '30-day cost',
    ]);
  });

  it('leaves other kinds with the stock columns', () => {
    const columns = catalogHealthColumns(() => health)(
      context('group', [entity('Group')]),
    );
    expect(titles(columns)).not.toContain('DORA level');
    expect(titles(columns)).toContain('resolved.entityRef');
  });
});
