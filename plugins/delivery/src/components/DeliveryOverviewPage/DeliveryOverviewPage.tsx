import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import {
  Content,
  Header,
  Link,
  Page,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { catalogApiRef, EntityRefLinks } from '@backstage/plugin-catalog-react';
import {
  DeliveryOverviewItem,
  OverviewOrderField,
  PerformanceLevel,
} from '@runway/plugin-delivery-common';
import Box from '@material-ui/core/Box';
import FormControl from '@material-ui/core/FormControl';
import InputLabel from '@material-ui/core/InputLabel';
import MenuItem from '@material-ui/core/MenuItem';
import Select from '@material-ui/core/Select';
import Typography from '@material-ui/core/Typography';
import useMediaQuery from '@material-ui/core/useMediaQuery';
import { makeStyles } from '@material-ui/core/styles';
import { CurrencyAmount } from '@runway/plugin-cost-common';
import { useMemo, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { deliveryApiRef } from '../../api';
import { LevelChip } from '../common/LevelChip';
import { DORA_METRICS, formatMetric, MetricKey } from '../common/metrics';
import { useDeliveryTabLink } from '../common/useDeliveryTabLink';
import { lastDays, RANGE_DAYS, RangeDays } from '../common/window';
import { RunStatus } from '../common/RunStatus';
import { formatAge } from '../format';
import {
  CostCell,
  costSortKey,
  RowCostsProvider,
  useRowCosts,
} from './CostColumn';
import { LEVEL_LABEL } from '../format';

const PAGE_SIZE = 20;

/** The Cost column's field: the cost plugin's totals, not a field of the delivery overview. */
const COST_FIELD = 'cost';

/**
 * The most rows the Cost column sorts (the delivery backend's page limit): the backend cannot
 * order by another plugin's data, so sorting by cost fetches the filtered rows and their costs
 * once, one request each, and orders and pages them here.
 */
const COST_SORT_MAX_ROWS = 200;

/** Narrower gutters than the table's default 16 px: eight columns fit a laptop screen. */
const CELL_STYLE = { paddingLeft: 8, paddingRight: 8 };

function compactCells<T extends object>(
  columns: TableColumn<T>[],
): TableColumn<T>[] {
  return columns.map(column => ({ ...column, cellStyle: CELL_STYLE }));
}

const useStyles = makeStyles({
  nowrap: { whiteSpace: 'nowrap' },
  // Team names wrap between words, never inside one ("Pay / men / ts").
  owners: { whiteSpace: 'nowrap', wordBreak: 'keep-all' },
});

/** One page of the rows ordered by their cost; rows without cost come last. */
export async function sortedByCost(options: {
  page: number;
  pageSize: number;
  direction: 'asc' | 'desc';
  fetchRows: () => Promise<{
    items: DeliveryOverviewItem[];
    totalCount: number;
  }>;
  fetchCosts: (
    entityRefs: string[],
  ) => Promise<Map<string, CurrencyAmount[]> | undefined>;
  onLoaded: () => void;
}): Promise<{
  data: DeliveryOverviewItem[];
  page: number;
  totalCount: number;
}> {
  const overview = await options.fetchRows();
  const totals = await options.fetchCosts(
    overview.items.map(item => item.entityRef),
  );
  options.onLoaded();
  const key = (item: DeliveryOverviewItem) =>
    costSortKey(totals?.get(item.entityRef.toLocaleLowerCase('en-US')));
  const sign = options.direction === 'desc' ? -1 : 1;
  const sorted = [...overview.items].sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    if (ka === undefined || kb === undefined) {
      return (ka === undefined ? 1 : 0) - (kb === undefined ? 1 : 0);
    }
    return sign * (ka - kb);
  });
  const start = options.page * options.pageSize;
  return {
    data: sorted.slice(start, start + options.pageSize),
    page: options.page,
    totalCount: sorted.length,
  };
}

/** Columns the backend can sort by, by the table's field name. */
const SORTABLE: Partial<Record<string, OverviewOrderField>> = {
  entityRef: 'entityRef',
  level: 'level',
  deploymentFrequency: 'deploymentFrequency',
  leadTime: 'leadTime',
  changeFailureRate: 'changeFailureRate',
  recoveryTime: 'recoveryTime',
};

function FilterSelect(props: {
  id: string;
  label: string;
  value: string;
  options: Array<{ value: string; label: string }>;
  onChange: (value: string) => void;
}) {
  return (
    <FormControl size="small" style={{ minWidth: 180 }}>
      {/* The theme's grey label on the page background is below WCAG AA contrast. */}
      <InputLabel id={`${props.id}-label`} style={{ color: 'inherit' }}>
        {props.label}
      </InputLabel>
      <Select
        labelId={`${props.id}-label`}
        id={props.id}
        value={props.value}
        onChange={event => props.onChange(event.target.value as string)}
      >
        <MenuItem value="">Any</MenuItem>
        {props.options.map(option => (
          <MenuItem key={option.value} value={option.value}>
            {option.label}
          </MenuItem>
        ))}
      </Select>
    </FormControl>
  );
}

/** Groups and systems to filter by, from the catalog. */
function useFilterOptions() {
  const catalogApi = useApi(catalogApiRef);
  return useAsync(async () => {
    const { items } = await catalogApi.getEntities({
      filter: { kind: ['group', 'system'] },
      fields: ['kind', 'metadata.name', 'metadata.namespace', 'metadata.title'],
    });
    const options = (kind: string) =>
      items
        .filter(item => item.kind.toLocaleLowerCase('en-US') === kind)
        .map(item => ({
          value: stringifyEntityRef(item).toLocaleLowerCase('en-US'),
          label: item.metadata.title ?? item.metadata.name,
        }))
        .sort((a, b) => a.label.localeCompare(b.label));
    return { owners: options('group'), systems: options('system') };
  }, [catalogApi]);
}

/**
 * Every service with delivery events, its owner, the five DORA metrics and levels, last
 * deployment and pipeline status; sorted, filtered, searched and paged by the backend.
 * The page's content, under the app's page header.
 */
export function DeliveryOverviewContent() {
  const deliveryApi = useApi(deliveryApiRef);
  const deliveryTab = useDeliveryTabLink();
  const [owner, setOwner] = useState('');
  const [system, setSystem] = useState('');
  const [level, setLevel] = useState('');
  const [days, setDays] = useState<RangeDays>(30);
  const [error, setError] = useState<Error>();
  const filterOptions = useFilterOptions();
  const { from, to } = lastDays(days);
  // Present only when the cost plugin is installed: then a Cost column shows each row's total.
  const rowCosts = useRowCosts({ from, to });
  const showCost = Boolean(rowCosts);

  // At laptop widths (1280 to 1440 px) eleven columns do not fit: the owner moves under the
  // service's name, the last deployment and the pipeline state share a column, and rework rate
  // (the newest DORA metric, not one of the four keys) is left out. Wide screens show them all.
  const wide = useMediaQuery('(min-width: 1680px)', { noSsr: true });
  const classes = useStyles();

  const columns = useMemo((): TableColumn<DeliveryOverviewItem>[] => {
    const metricColumn = (
      key: MetricKey,
    ): TableColumn<DeliveryOverviewItem> => {
      const metric = DORA_METRICS.find(m => m.key === key)!;
      return {
        title: metric.title,
        field: key,
        sorting: Boolean(SORTABLE[key]),
        render: item => (
          <Box>
            <Typography variant="body2" className={classes.nowrap}>
              {formatMetric(metric, item)}
            </Typography>
            <LevelChip level={metric.level(item)} />
          </Box>
        ),
      };
    };
    const owners = (item: DeliveryOverviewItem) => (
      <span className={classes.owners}>
        <EntityRefLinks entityRefs={item.owners} defaultKind="group" />
      </span>
    );
    const lastDeployment = (item: DeliveryOverviewItem) =>
      item.lastDeployment ? (
        <Box>
          <Typography variant="body2" className={classes.nowrap}>
            {formatAge(item.lastDeployment.finishedAt)}
          </Typography>
          <Typography
            variant="caption"
            color="textSecondary"
            className={classes.nowrap}
          >
            {item.lastDeployment.version ?? ''}
            {item.lastDeployment.status === 'failed' ? ' (failed)' : ''}
          </Typography>
        </Box>
      ) : (
        '–'
      );
    const pipelines = (item: DeliveryOverviewItem) =>
      item.pipelineStatus ? (
        <span className={classes.nowrap}>
          <RunStatus status={item.pipelineStatus} />
        </span>
      ) : (
        '–'
      );
    return compactCells<DeliveryOverviewItem>([
      {
        title: 'Service',
        field: 'entityRef',
        render: item => (
          <Box>
            <Link to={deliveryTab(item.entityRef)}>
              {item.title ?? parseEntityRef(item.entityRef).name}
            </Link>
            {!wide && item.owners.length > 0 && (
              <Typography
                variant="caption"
                component="div"
                color="textSecondary"
              >
                {owners(item)}
              </Typography>
            )}
          </Box>
        ),
      },
      ...(wide
        ? [
            {
              title: 'Owner',
              sorting: false,
              render: owners,
            },
          ]
        : []),
      {
        title: 'Level',
        field: 'level',
        render: item => <LevelChip level={item.level} />,
      },
      metricColumn('deploymentFrequency'),
      metricColumn('leadTime'),
      metricColumn('changeFailureRate'),
      metricColumn('recoveryTime'),
      ...(wide ? [metricColumn('reworkRate')] : []),
      ...(wide
        ? [
            {
              title: 'Last deployment',
              sorting: false,
              render: lastDeployment,
            },
            {
              title: 'Pipelines',
              sorting: false,
              render: pipelines,
            },
          ]
        : [
            {
              title: 'Last deployment · pipelines',
              sorting: false,
              render: (item: DeliveryOverviewItem) => (
                <Box>
                  {lastDeployment(item)}
                  {item.pipelineStatus && <Box mt={0.5}>{pipelines(item)}</Box>}
                </Box>
              ),
            },
          ]),
      ...(showCost
        ? [
            {
              title: 'Cost',
              field: COST_FIELD,
              sorting: true,
              align: 'right' as const,
              render: (item: DeliveryOverviewItem) => (
                <CostCell entityRef={item.entityRef} />
              ),
            },
          ]
        : []),
    ]);
  }, [deliveryTab, showCost, wide, classes]);

  const filterKey = [owner, system, level, from, to].join(' ');

  return (
    <Content>
      <Box display="flex" flexWrap="wrap" style={{ gap: 16 }} mb={2}>
        <FilterSelect
          id="delivery-overview-range"
          label="Time range"
          value={String(days)}
          options={RANGE_DAYS.map(option => ({
            value: String(option),
            label: `Last ${option} days`,
          }))}
          onChange={value => setDays((Number(value) || 30) as RangeDays)}
        />
        <FilterSelect
          id="delivery-overview-owner"
          label="Owner"
          value={owner}
          options={filterOptions.value?.owners ?? []}
          onChange={setOwner}
        />
        <FilterSelect
          id="delivery-overview-system"
          label="System"
          value={system}
          options={filterOptions.value?.systems ?? []}
          onChange={setSystem}
        />
        <FilterSelect
          id="delivery-overview-level"
          label="Level"
          value={level}
          options={(Object.keys(LEVEL_LABEL) as PerformanceLevel[]).map(
            value => ({ value, label: LEVEL_LABEL[value] }),
          )}
          onChange={setLevel}
        />
      </Box>
      {error && <ResponseErrorPanel error={error} />}
      <RowCostsProvider value={rowCosts?.costs}>
        <Table<DeliveryOverviewItem>
          key={filterKey}
          title="Delivery health, production"
          columns={columns}
          options={{
            pageSize: PAGE_SIZE,
            pageSizeOptions: [PAGE_SIZE, 50, 100],
            search: true,
            debounceInterval: 300,
            padding: 'dense',
            // The header row stays in view while the rows scroll under it.
            maxBodyHeight: 'calc(100vh - 260px)',
            headerStyle: {
              ...CELL_STYLE,
              position: 'sticky',
              top: 0,
              zIndex: 2,
              verticalAlign: 'bottom',
            },
          }}
          localization={{
            body: {
              emptyDataSourceMessage:
                "No service has delivery events that match. Services appear here once their CI posts deployments or pipeline runs (see a service's Delivery tab).",
            },
          }}
          data={async query => {
            const orderField = query.orderBy?.field
              ? String(query.orderBy.field)
              : undefined;
            const orderBy = orderField ? SORTABLE[orderField] : undefined;
            try {
              if (orderField === COST_FIELD && rowCosts) {
                return await sortedByCost({
                  page: query.page,
                  pageSize: query.pageSize,
                  direction: query.orderDirection === 'desc' ? 'desc' : 'asc',
                  fetchRows: () =>
                    deliveryApi.getOverview({
                      from,
                      to,
                      owner: owner || undefined,
                      system: system || undefined,
                      level: (level || undefined) as
                        | PerformanceLevel
                        | undefined,
                      search: query.search || undefined,
                      limit: COST_SORT_MAX_ROWS,
                      offset: 0,
                    }),
                  fetchCosts: rowCosts.load,
                  onLoaded: () => setError(undefined),
                });
              }
              const overview = await deliveryApi.getOverview({
                from,
                to,
                owner: owner || undefined,
                system: system || undefined,
                level: (level || undefined) as PerformanceLevel | undefined,
                search: query.search || undefined,
                orderBy,
                order: orderBy ? query.orderDirection || 'asc' : undefined,
                limit: query.pageSize,
                offset: query.page * query.pageSize,
              });
              setError(undefined);
              // The costs of the rows on this page, in one request to the cost backend.
              rowCosts?.load(overview.items.map(item => item.entityRef));
              return {
                data: overview.items,
                page: query.page,
                totalCount: overview.totalCount,
              };
            } catch (e) {
              setError(e as Error);
              return { data: [], page: 0, totalCount: 0 };
            }
          }}
        />
      </RowCostsProvider>
    </Content>
  );
}

/** {@link DeliveryOverviewContent} with a header of its own, for apps on the legacy system. */
export function DeliveryOverviewPage() {
  return (
    <Page themeId="tool">
      <Header
        title="Delivery"
        subtitle="Delivery health of every service, worst first"
      />
      <DeliveryOverviewContent />
    </Page>
  );
}
