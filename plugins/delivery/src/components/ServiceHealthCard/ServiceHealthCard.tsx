import { stringifyEntityRef } from '@backstage/catalog-model';
import { InfoCard, Link } from '@backstage/core-components';
import { useApi, useApiHolder, useRouteRef } from '@backstage/core-plugin-api';
import { entityRouteRef, useEntity } from '@backstage/plugin-catalog-react';
import { formatCost } from '@runway/plugin-cost-common';
import { DeliveryOverviewItem } from '@runway/plugin-delivery-common';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import Skeleton from '@material-ui/lab/Skeleton';
import { ReactNode } from 'react';
import { deliveryApiRef } from '../../api';
import { LevelChip } from '../common/LevelChip';
import { KEY_METRICS, RunLink, TrendArrow } from '../common/health';
import { formatMetric } from '../common/metrics';
import {
  costApiRef,
  environmentsApiRef,
  goldenPathsApiRef,
  HealthEnvironmentsApi,
  HealthGoldenPathsApi,
} from '../common/otherPlugins';
import { EarlyAsyncState, useEarlyAsync } from '../common/useEarlyAsync';
import { useAfterFirstIdle } from '../common/useAfterFirstIdle';
import { formatAge } from '../format';
import { RunStatus } from '../common/RunStatus';
import {
  costRequest,
  deliveryRequest,
  environmentsRequest,
  goldenPathRequest,
  HealthCost,
} from './requests';

const TEMPLATE_ANNOTATION = 'runway.dev/template';

// Plain elements with fixed styles, not MUI's Box: each Box adds a style rule of its own for
// its props while it renders (the browser then restyles the page), and the card's fifteen
// were a measurable part of the Overview's main-thread time (bench:pages with
// RUNWAY_BENCH_CPU_PROFILE=1).
const METRIC_LIST_STYLE = {
  display: 'grid',
  gridTemplateColumns: 'auto auto auto',
  columnGap: 12,
  margin: '8px 0 0',
} as const;

function Part(props: {
  title: string;
  to: string;
  testId: string;
  children: ReactNode;
}) {
  return (
    <Grid item xs={12} sm={6} lg={4} data-testid={props.testId}>
      <Typography variant="overline" component="h3">
        <Link to={props.to}>{props.title}</Link>
      </Typography>
      <div>{props.children}</div>
    </Grid>
  );
}

/**
 * How long the figures may wait for the page to settle before they render anyway (their
 * requests start at once either way; only the render waits).
 */
const RENDER_WAIT_MS = 1000;
/** About the height of the parts, so that the page below moves little when they render. */
const PLACEHOLDER_HEIGHT = 160;
// What `useEarlyAsync` is given for a plugin that is not installed: no key, so no request.
const NO_API = {};
const NEVER = () => new Promise<never>(() => {});

type GoldenPathStatus = Awaited<
  ReturnType<HealthGoldenPathsApi['getEntityDrift']>
>;
type LiveEnvironments = Awaited<
  ReturnType<HealthEnvironmentsApi['listRequests']>
>;

function Loading() {
  // Still: a pulsing placeholder repaints every frame while the page around it loads.
  return (
    <Skeleton
      variant="text"
      width="80%"
      animation={false}
      aria-label="Loading"
    />
  );
}

function Empty(props: { children: ReactNode }) {
  return (
    <Typography variant="body2" color="textSecondary">
      {props.children}
    </Typography>
  );
}

function Failed(props: { error: Error }) {
  return (
    <Typography variant="body2" color="error">
      Unavailable: {props.error.message}
    </Typography>
  );
}

function DeliveryParts(props: {
  state: EarlyAsyncState<DeliveryOverviewItem | null>;
  tab: string;
}) {
  const { value, loading, error } = props.state;
  const deliveryTab = `${props.tab}/delivery`;
  const body = (
    render: (item: DeliveryOverviewItem) => ReactNode,
    empty: ReactNode,
  ) => {
    if (loading) return <Loading />;
    if (error) return <Failed error={error} />;
    if (!value) return <Empty>{empty}</Empty>;
    return render(value);
  };
  const noEvents =
    'No delivery events yet: let CI post deployments and pipeline runs to /api/delivery/events (see the Delivery tab).';
  return (
    <>
      <Part
        title="Last production deployment"
        to={deliveryTab}
        testId="health-deployment"
      >
        {body(
          item =>
            item.lastDeployment ? (
              <>
                <Typography variant="body1">
                  {item.lastDeployment.version ?? 'unversioned'}
                  {item.lastDeployment.status === 'failed' ? ' (failed)' : ''}
                </Typography>
                <Typography variant="body2" color="textSecondary">
                  {formatAge(item.lastDeployment.finishedAt)}
                  {item.lastDeployment.pipelineRun && (
                    <>
                      {' · '}
                      <RunLink
                        run={item.lastDeployment.pipelineRun}
                        prefix="by "
                      />
                    </>
                  )}
                </Typography>
              </>
            ) : (
              <Empty>
                No production deployment yet: post a deployment event when CI
                deploys (see the Delivery tab).
              </Empty>
            ),
          noEvents,
        )}
      </Part>
      <Part
        title="Default branch pipeline"
        to={deliveryTab}
        testId="health-pipeline"
      >
        {body(
          item =>
            item.pipelineStatus ? (
              <>
                <RunStatus status={item.pipelineStatus} />
                {item.defaultBranchRun && (
                  <Typography variant="body2" color="textSecondary">
                    <RunLink run={item.defaultBranchRun} />
                    {item.defaultBranchRun.branch
                      ? ` on ${item.defaultBranchRun.branch}`
                      : ''}
                    {' · '}
                    {formatAge(
                      item.defaultBranchRun.finishedAt ??
                        item.defaultBranchRun.startedAt,
                    )}
                  </Typography>
                )}
              </>
            ) : (
              <Empty>
                No pipeline runs in 90 days: post pipeline run events from CI
                (see the Delivery tab).
              </Empty>
            ),
          noEvents,
        )}
      </Part>
      <Part title="DORA, last 30 days" to={deliveryTab} testId="health-dora">
        {body(
          item => (
            <>
              <LevelChip level={item.level} />
              <dl style={METRIC_LIST_STYLE}>
                {KEY_METRICS.map(metric => (
                  <div key={metric.key} style={{ display: 'contents' }}>
                    <Typography variant="body2" component="dt">
                      {metric.title}
                    </Typography>
                    <Typography
                      variant="body2"
                      component="dd"
                      style={{ margin: 0, whiteSpace: 'nowrap' }}
                      data-metric={metric.key}
                    >
                      {formatMetric(metric, item)}
                    </Typography>
                    <dd style={{ margin: 0 }}>
                      <TrendArrow
                        metric={metric}
                        current={item}
                        previous={item.previous}
                        periodLabel="previous 30 days"
                      />
                    </dd>
                  </div>
                ))}
              </dl>
            </>
          ),
          noEvents,
        )}
      </Part>
    </>
  );
}

function CostPart(props: { state: EarlyAsyncState<HealthCost>; tab: string }) {
  const { value, loading, error } = props.state;
  let content: ReactNode;
  if (loading) {
    content = <Loading />;
  } else if (error) {
    content = <Failed error={error} />;
  } else if (!value || value.totals.length === 0) {
    content = (
      <Empty>
        No cost yet: tag the service's cloud resources or list its accounts in
        the runway.dev/cost-accounts annotation (see the Cost tab).
      </Empty>
    );
  } else {
    content = (
      <>
        {value.totals.map(total => (
          <Typography key={total.currency} variant="body1">
            {formatCost(total.amount, total.currency)}
          </Typography>
        ))}
        {value.forecast.map(forecast => (
          <Typography
            key={forecast.currency}
            variant="body2"
            color="textSecondary"
          >
            {forecast.complete ? 'Total' : 'Forecast'} for {forecast.month}:{' '}
            {formatCost(forecast.forecast, forecast.currency)}
          </Typography>
        ))}
      </>
    );
  }
  return (
    <Part
      title="Cost, last 30 days"
      to={`${props.tab}/cost`}
      testId="health-cost"
    >
      {content}
    </Part>
  );
}

function GoldenPathPart(props: {
  state: EarlyAsyncState<GoldenPathStatus>;
  hasTemplate: boolean;
  overview: string;
}) {
  const { hasTemplate } = props;
  const { value, loading, error } = props.state;
  let content: ReactNode;
  if (!hasTemplate) {
    content = (
      <Empty>
        Not created from a golden path: add the {TEMPLATE_ANNOTATION} annotation
        to follow its template's upgrades.
      </Empty>
    );
  } else if (loading) {
    content = <Loading />;
  } else if (error || !value) {
    content = <Failed error={error ?? new Error('no answer')} />;
  } else {
    const template = value.templateTitle ?? value.templateRef;
    content = (
      <>
        <Typography variant="body1">
          {value.status === 'current' && 'Up to date'}
          {value.status === 'upgrade-available' &&
            `Upgrade available: ${value.recordedVersion ?? '?'} → ${
              value.currentVersion ?? '?'
            }`}
          {value.status !== 'current' &&
            value.status !== 'upgrade-available' &&
            value.status}
        </Typography>
        <Typography variant="body2" color="textSecondary">
          {template}
        </Typography>
      </>
    );
  }
  return (
    <Part
      title="Golden path status"
      to={props.overview}
      testId="health-golden-path"
    >
      {content}
    </Part>
  );
}

function EnvironmentsPart(props: {
  state: EarlyAsyncState<LiveEnvironments>;
  tab: string;
}) {
  const { value, loading, error } = props.state;
  let content: ReactNode;
  if (loading) {
    content = <Loading />;
  } else if (error || !value) {
    content = <Failed error={error ?? new Error('no answer')} />;
  } else if (value.items.length === 0) {
    content = (
      <Empty>No live environments: request one on the Environments tab.</Empty>
    );
  } else {
    content = (
      <>
        <Typography variant="body1">{value.items.length} live</Typography>
        <Typography variant="body2" color="textSecondary">
          {value.items
            .slice(0, 3)
            .map(item => item.name)
            .join(', ')}
          {value.items.length > 3 ? ', …' : ''}
        </Typography>
      </>
    );
  }
  return (
    <Part
      title="Environments"
      to={`${props.tab}/environments`}
      testId="health-environments"
    >
      {content}
    </Part>
  );
}

/**
 * A component's health at a glance, at the top of its Overview: last production deployment,
 * default-branch pipeline, DORA, cost, golden path and live environments. Each part asks its
 * own plugin (one request each, all at once, from the card's first render: `useEarlyAsync`, or
 * earlier from ServiceHealthPrefetch, which the card then joins), shows its own loading and
 * empty states, and links to its tab; a part whose plugin is not installed is left out.
 */
export function EntityServiceHealthCard() {
  const { entity } = useEntity();
  const apis = useApiHolder();
  const entityRef = stringifyEntityRef(entity);
  const hasTemplate = Boolean(
    entity.metadata.annotations?.[TEMPLATE_ANNOTATION],
  );
  // Every request starts with this render, whether or not the parts render yet.
  const deliveryApi = useApi(deliveryApiRef);
  const costApi = apis.get(costApiRef);
  const environmentsApi = apis.get(environmentsApiRef);
  const goldenPathsApi = apis.get(goldenPathsApiRef);
  const delivery = deliveryRequest(deliveryApi, entityRef);
  const deliveryState = useEarlyAsync(deliveryApi, delivery.key, delivery.run);
  const cost = costApi && costRequest(costApi, entityRef);
  const costState = useEarlyAsync(
    costApi ?? NO_API,
    cost?.key,
    cost?.run ?? NEVER,
  );
  const goldenPath =
    goldenPathsApi && hasTemplate
      ? goldenPathRequest(goldenPathsApi, entityRef)
      : undefined;
  const goldenPathState = useEarlyAsync(
    goldenPathsApi ?? NO_API,
    goldenPath?.key,
    goldenPath?.run ?? NEVER,
  );
  const environments =
    environmentsApi && environmentsRequest(environmentsApi, entityRef);
  const environmentsState = useEarlyAsync(
    environmentsApi ?? NO_API,
    environments?.key,
    environments?.run ?? NEVER,
  );
  // The page's layout renders its cards again from scratch as their code arrives (React holds
  // its first render back meanwhile), so the figures, which are not what the page waits for,
  // render once, after the page has settled; until then the card is a light placeholder.
  const ready = useAfterFirstIdle(RENDER_WAIT_MS);
  return (
    <InfoCard title="Service health" variant="gridItem">
      {ready ? (
        <HealthParts
          delivery={deliveryState}
          cost={costApi && costState}
          goldenPath={goldenPathsApi && goldenPathState}
          environments={environmentsApi && environmentsState}
          hasTemplate={hasTemplate}
        />
      ) : (
        <div
          data-testid="service-health-card"
          aria-busy="true"
          style={{ minHeight: PLACEHOLDER_HEIGHT }}
        >
          <Typography variant="body2" color="textSecondary">
            Loading…
          </Typography>
        </div>
      )}
    </InfoCard>
  );
}

/**
 * The parts, once the card shows its figures: resolving the entity page's address (a match
 * over the app's whole route tree) waits until then too.
 */
function HealthParts(props: {
  delivery: EarlyAsyncState<DeliveryOverviewItem | null>;
  /** Each left out when its plugin is not installed. */
  cost?: EarlyAsyncState<HealthCost>;
  goldenPath?: EarlyAsyncState<GoldenPathStatus>;
  environments?: EarlyAsyncState<LiveEnvironments>;
  hasTemplate: boolean;
}) {
  const { entity } = useEntity();
  const entityRoute = useRouteRef(entityRouteRef);
  // The entity's page; its tabs are under it (`…/delivery`, `…/cost`, `…/environments`).
  const tab = entityRoute({
    kind: entity.kind.toLocaleLowerCase('en-US'),
    namespace: entity.metadata.namespace ?? 'default',
    name: entity.metadata.name,
  });
  return (
    <Grid container spacing={3} data-testid="service-health-card">
      <DeliveryParts state={props.delivery} tab={tab} />
      {props.cost && <CostPart state={props.cost} tab={tab} />}
      {props.goldenPath && (
        <GoldenPathPart
          state={props.goldenPath}
          hasTemplate={props.hasTemplate}
          overview={tab}
        />
      )}
      {props.environments && (
        <EnvironmentsPart state={props.environments} tab={tab} />
      )}
    </Grid>
  );
}
