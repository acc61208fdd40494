import { useCallback, useMemo, useRef } from 'react';
import {
  CatalogTable,
  CatalogTableColumnsFunc,
  CatalogTableRow,
} from '@backstage/plugin-catalog';
import { useEntityList } from '@backstage/plugin-catalog-react';
import useMediaQuery from '@material-ui/core/useMediaQuery';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { healthColumns, ServiceHealthProvider } from '../health/HealthCells';
import { ServiceHealth, useServiceHealth } from '../health/useServiceHealth';

const isComponentKind = (kind: string | undefined) =>
  kind?.toLocaleLowerCase('en-US') === 'component';

const rowRef = (row: CatalogTableRow) => stringifyEntityRef(row.entity);

/**
 * The columns of the catalog list: for components the stock name and owner columns followed
 * by the four health columns; on a wide screen (`wide`) also system, type and lifecycle.
 * Description and tags give way to the health columns, and on a laptop screen system, type
 * and lifecycle too (the filters beside the table still offer them), so that the list fits
 * without horizontal scrolling. Other kinds keep the stock columns.
 */
export function catalogHealthColumns(
  getHealth: () => ServiceHealth,
  wide: boolean = false,
): CatalogTableColumnsFunc {
  return context => {
    const kind =
      context.entities[0]?.kind ?? context.filters.kind?.value ?? undefined;
    if (!isComponentKind(kind)) {
      return CatalogTable.defaultColumnsFunc(context);
    }
    const showType = context.filters.type === undefined;
    const { columns } = CatalogTable;
    return [
      columns.createTitleColumn({ hidden: true }),
      columns.createNameColumn({ defaultKind: 'component' }),
      ...(wide ? [columns.createSystemColumn()] : []),
      columns.createOwnerColumn(),
      ...(wide
        ? [
            columns.createSpecTypeColumn({ hidden: !showType }),
            columns.createSpecLifecycleColumn(),
          ]
        : []),
      ...healthColumns<CatalogTableRow>(rowRef, getHealth),
    ];
  };
}

/**
 * The catalog's own table (`CatalogTable`, with its pagination, filters and sorting) given
 * the health columns through its `columns` option. The figures of the components on the
 * current page are fetched once per page, one request per plugin, while the table shows
 * right away with a placeholder in each health cell.
 */
export function CatalogHealthTable() {
  const { entities } = useEntityList();
  const refs = useMemo(
    () =>
      entities
        .filter(entity => isComponentKind(entity.kind))
        .map(entity => stringifyEntityRef(entity)),
    [entities],
  );
  const health = useServiceHealth(refs);
  const latest = useRef(health);
  latest.current = health;
  const getHealth = useCallback(() => latest.current, []);
  // Room for the stock system, type and lifecycle columns beside the health columns.
  const wide = useMediaQuery('(min-width: 1600px)');
  const columns = useMemo(
    () => catalogHealthColumns(getHealth, wide),
    [getHealth, wide],
  );
  return (
    <ServiceHealthProvider value={health}>
      <CatalogTable columns={columns} />
    </ServiceHealthProvider>
  );
}
