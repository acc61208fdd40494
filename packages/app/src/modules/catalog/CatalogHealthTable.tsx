import { CSSProperties, useCallback, useMemo, useRef } from 'react';
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
 * Backstage's theme lets a table cell break a word anywhere, so a squeezed column shows
 * "Payme / nts": these cells break between words only, which makes each column at least as
 * wide as its longest word (the table lays the columns out by their content).
 */
const WHOLE_WORDS: CSSProperties = {
  wordBreak: 'normal',
  overflowWrap: 'normal',
};

/** Narrower gutters than the theme's (16 px and 20 px) between the columns after the first. */
const NARROW_GUTTERS: CSSProperties = { paddingLeft: 8, paddingRight: 8 };

type Column = ReturnType<CatalogTableColumnsFunc>[number];

/**
 * `column` with its cells breaking between words only (on top of its own cell style) and,
 * after the first column, narrow gutters in its cells and header: whole words make the columns
 * wider, the gutters give that room back so the list still fits at 1280 px.
 */
function wholeWords(column: Column, index: number): Column {
  const own = column.cellStyle;
  const style =
    index === 0 ? WHOLE_WORDS : { ...WHOLE_WORDS, ...NARROW_GUTTERS };
  return {
    ...column,
    cellStyle:
      typeof own === 'function'
        ? (data, rowData) => ({ ...own(data, rowData), ...style })
        : { ...own, ...style },
    headerStyle:
      index === 0
        ? column.headerStyle
        : { ...column.headerStyle, ...NARROW_GUTTERS },
  };
}

/**
 * The columns of the catalog list: for components the stock name and owner columns followed
 * by the four health columns; on a wide screen (`wide`) also system, type and lifecycle.
 * Description and tags give way to the health columns, and on a laptop screen system, type
 * and lifecycle too (the filters beside the table still offer them), so that the list fits
 * without horizontal scrolling; names and owners break between words only. Other kinds keep
 * the stock columns.
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
    return (
      [
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
      ]
        // The hidden title column first: the name column is the first one shown.
        .map((column, index) => wholeWords(column, Math.max(0, index - 1)))
    );
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
