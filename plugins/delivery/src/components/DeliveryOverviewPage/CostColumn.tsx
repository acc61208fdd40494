import { useApiHolder } from '@backstage/core-plugin-api';
import { CurrencyAmount, formatCost } from '@runway/plugin-cost-common';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import Skeleton from '@material-ui/lab/Skeleton';
import {
  createContext,
  ReactNode,
  useCallback,
  useContext,
  useMemo,
  useRef,
  useState,
} from 'react';
import { costApiRef } from '../common/otherPlugins';

/** Costs of the rows on screen, by entity ref; loading until the cost backend answers. */
export type RowCosts =
  | { state: 'loading' }
  | { state: 'error'; error: Error }
  | { state: 'loaded'; totals: Map<string, CurrencyAmount[]> };

const RowCostsContext = createContext<RowCosts | undefined>(undefined);

export const RowCostsProvider = RowCostsContext.Provider;

/**
 * The cost column's data when the cost plugin is installed (undefined otherwise): `load` asks
 * the cost backend for the totals of a page of rows in one request; an answer for a page that
 * is no longer shown is dropped.
 */
export function useRowCosts(window: { from: string; to: string }):
  | {
      costs: RowCosts | undefined;
      /** Resolves to the totals by lower-case entity ref, or undefined when it failed or was superseded. */
      load: (
        entityRefs: string[],
      ) => Promise<Map<string, CurrencyAmount[]> | undefined>;
    }
  | undefined {
  const costApi = useApiHolder().get(costApiRef);
  const [costs, setCosts] = useState<RowCosts>();
  const latest = useRef(0);
  const { from, to } = window;
  const load = useCallback(
    async (entityRefs: string[]) => {
      if (!costApi) {
        return undefined;
      }
      const request = ++latest.current;
      if (entityRefs.length === 0) {
        const totals = new Map<string, CurrencyAmount[]>();
        setCosts({ state: 'loaded', totals });
        return totals;
      }
      setCosts({ state: 'loading' });
      return costApi
        .getOverview({
          kind: 'component',
          entityRefs,
          from,
          to,
          limit: Math.min(entityRefs.length, 500),
        })
        .then(
          overview => {
            const totals = new Map(
              overview.items.map(item => [
                item.entityRef.toLocaleLowerCase('en-US'),
                item.totals,
              ]),
            );
            if (request !== latest.current) {
              return undefined;
            }
            setCosts({ state: 'loaded', totals });
            return totals;
          },
          error => {
            if (request === latest.current) {
              setCosts({ state: 'error', error: error as Error });
            }
            return undefined;
          },
        );
    },
    [costApi, from, to],
  );
  return useMemo(
    () => (costApi ? { costs, load } : undefined),
    [costApi, costs, load],
  );
}

const NO_DATA = '—';

/**
 * The window's total cost of one row, one line per currency (amounts in different
 * currencies are never added up); an em dash when the cost backend has none.
 */
export function CostCell(props: { entityRef: string }): ReactNode {
  const costs = useContext(RowCostsContext);
  if (!costs || costs.state === 'loading') {
    return (
      <Skeleton
        variant="text"
        width={80}
        aria-label="Loading cost"
        role="progressbar"
      />
    );
  }
  if (costs.state === 'error') {
    return (
      <Tooltip title={`Cost unavailable: ${costs.error.message}`}>
        <Typography variant="body2" color="textSecondary">
          {NO_DATA}
        </Typography>
      </Tooltip>
    );
  }
  const totals = costs.totals.get(props.entityRef.toLocaleLowerCase('en-US'));
  if (!totals || totals.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        {NO_DATA}
      </Typography>
    );
  }
  return (
    <>
      {totals.map(total => (
        <Typography key={total.currency} variant="body2" noWrap>
          {formatCost(total.amount, total.currency)}
        </Typography>
      ))}
    </>
  );
}

/**
 * What a row's cost sorts by: its largest amount (amounts in different currencies are never
 * added up); rows without cost sort after every row with one, whichever the direction.
 */
export function costSortKey(
  totals: CurrencyAmount[] | undefined,
): number | undefined {
  if (!totals || totals.length === 0) {
    return undefined;
  }
  return Math.max(...totals.map(total => total.amount));
}
