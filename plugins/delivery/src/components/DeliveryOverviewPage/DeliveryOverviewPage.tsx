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
import { useMemo, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { deliveryApiRef } from '../../api';
import { LevelChip } from '../common/LevelChip';
import { DORA_METRICS, formatMetric, MetricKey } from '../common/metrics';
import { useDeliveryTabLink } from '../common/useDeliveryTabLink';
import { lastDays, RANGE_DAYS, RangeDays } from '../common/window';
import { RunStatus } from '../PipelinesCard/PipelinesCard';
import { formatAge } from '../format';
import { CostCell, RowCostsProvider, useRowCosts } from './CostColumn';
import { LEVEL_LABEL } from '../format';

const PAGE_SIZE = 20;

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
      <InputLabel id={`${props.id}-label`}>{props.label}</InputLabel>
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
            <Typography variant="body2">
              {formatMetric(metric, item)}
            </Typography>
            <LevelChip level={metric.level(item)} />
          </Box>
        ),
      };
    };
    return [
      {
        title: 'Service',
        field: 'entityRef',
        render: item => (
          <Link to={deliveryTab(item.entityRef)}>
            {item.title ?? parseEntityRef(item.entityRef).name}
          </Link>
        ),
      },
      {
        title: 'Owner',
        sorting: false,
        render: item => (
          <EntityRefLinks entityRefs={item.owners} defaultKind="group" />
        ),
      },
      {
        title: 'Level',
        field: 'level',
        render: item => <LevelChip level={item.level} />,
      },
      metricColumn('deploymentFrequency'),
      metricColumn('leadTime'),
      metricColumn('changeFailureRate'),
      metricColumn('recoveryTime'),
      metricColumn('reworkRate'),
      {
        title: 'Last deployment',
        sorting: false,
        render: item =>
          item.lastDeployment ? (
            <Box>
              <Typography variant="body2">
                {formatAge(item.lastDeployment.finishedAt)}
              </Typography>
              <Typography variant="caption" color="textSecondary">
                {item.lastDeployment.version ?? ''}
                {item.lastDeployment.status === 'failed' ? ' (failed)' : ''}
              </Typography>
            </Box>
          ) : (
            '–'
          ),
      },
      {
        title: 'Pipelines',
        sorting: false,
        render: item =>
          item.pipelineStatus ? (
            <RunStatus status={item.pipelineStatus} />
          ) : (
            '–'
          ),
      },
      ...(showCost
        ? [
            {
              title: 'Cost',
              sorting: false,
              render: (item: DeliveryOverviewItem) => (
                <CostCell entityRef={item.entityRef} />
              ),
            },
          ]
        : []),
    ];
  }, [deliveryTab, showCost]);

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
          }}
          localization={{
            body: {
              emptyDataSourceMessage:
                "No service has delivery events that match. Services appear here once their CI posts deployments or pipeline runs (see a service's Delivery tab).",
            },
          }}
          data={async query => {
            const orderBy = query.orderBy?.field
              ? SORTABLE[String(query.orderBy.field)]
              : undefined;
            try {
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
