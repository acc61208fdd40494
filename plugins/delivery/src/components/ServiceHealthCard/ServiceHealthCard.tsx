import { stringifyEntityRef } from '@backstage/catalog-model';
import { InfoCard, Link } from '@backstage/core-components';
import { useApi, useApiHolder, useRouteRef } from '@backstage/core-plugin-api';
import { entityRouteRef, useEntity } from '@backstage/plugin-catalog-react';
import { formatCost } from '@runway/plugin-cost-common';
import { DeliveryOverviewItem } from '@runway/plugin-delivery-common';
import { makeStyles } from '@material-ui/core/styles';
import Skeleton from '@material-ui/lab/Skeleton';
import { ReactNode, useState } from 'react';
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

// Plain elements with the theme's type styles from one style sheet, not MUI's Grid, Typography
// or Box: each of those renders through a style hook of its own (and each Box adds a style
// rule for its props), thirty-odd per render of the card. With plain elements the card's
// render time per page load fell from about 34 to 26 ms (React's render times per component,
// on a profiling build of the app); the page is bound by the browser's main thread.
const useHealthStyles = makeStyles(theme => ({
  // As a Grid of items xs=12 sm=6 lg=4: one column, two from `sm`, three from `lg`.
  parts: {
    display: 'grid',
    gap: theme.spacing(3),
    gridTemplateColumns: 'minmax(0, 1fr)',
    [theme.breakpoints.up('sm')]: {
      gridTemplateColumns: 'repeat(2, minmax(0, 1fr))',
    },
    [theme.breakpoints.up('lg')]: {
      gridTemplateColumns: 'repeat(3, minmax(0, 1fr))',
    },
  },
  title: { ...theme.typography.overline, margin: 0 },
  body1: { ...theme.typography.body1, margin: 0 },
  body2: { ...theme.typography.body2, margin: 0 },
  secondary: {
    ...theme.typography.body2,
    margin: 0,
    color: theme.palette.text.secondary,
  },
  error: {
    ...theme.typography.body2,
    margin: 0,
    color: theme.palette.error.main,
  },
  metrics: {
    display: 'grid',
    gridTemplateColumns: 'auto auto auto',
    columnGap: 12,
    margin: '8px 0 0',
  },
  metricValue: { ...theme.typography.body2, margin: 0, whiteSpace: 'nowrap' },
}));

function Part(props: {
  title: string;
  to: string;
  testId: string;
  children: ReactNode;
}) {
  const classes = useHealthStyles();
  return (
    <div data-testid={props.testId}>
      <h3 className={classes.title}>
        <Link to={props.to}>{props.title}</Link>
      </h3>
      <div>{props.children}</div>
    </div>
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
  const classes = useHealthStyles();
  return <p className={classes.secondary}>{props.children}</p>;
}

function Failed(props: { error: Error }) {
  const classes = useHealthStyles();
  return <p className={classes.error}>Unavailable: {props.error.message}</p>;
}

function DeliveryParts(props: {
  state: EarlyAsyncState<DeliveryOverviewItem | null>;
  tab: string;
}) {
  const classes = useHealthStyles();
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
                <p className={classes.body1}>
                  {item.lastDeployment.version ?? 'unversioned'}
                  {item.lastDeployment.status === 'failed' ? ' (failed)' : ''}
                </p>
                <p className={classes.secondary}>
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
                </p>
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
                  <p className={classes.secondary}>
                    <RunLink run={item.defaultBranchRun} />
                    {item.defaultBranchRun.branch
                      ? ` on ${item.defaultBranchRun.branch}`
                      : ''}
                    {' · '}
                    {formatAge(
                      item.defaultBranchRun.finishedAt ??
                        item.defaultBranchRun.startedAt,
                    )}
                  </p>
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
              <dl className={classes.metrics}>
                {KEY_METRICS.map(metric => (
                  <div key={metric.key} style={{ display: 'contents' }}>
                    <dt className={classes.body2}>{metric.title}</dt>
                    <dd
                      className={classes.metricValue}
                      data-metric={metric.key}
                    >
                      {formatMetric(metric, item)}
                    </dd>
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
  const classes = useHealthStyles();
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
          <p key={total.currency} className={classes.body1}>
            {formatCost(total.amount, total.currency)}
          </p>
        ))}
        {value.forecast.map(forecast => (
          <p key={forecast.currency} className={classes.secondary}>
            {forecast.complete ? 'Total' : 'Forecast'} for {forecast.month}:{' '}
            {formatCost(forecast.forecast, forecast.currency)}
          </p>
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
  const classes = useHealthStyles();
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
        <p className={classes.body1}>
          {value.status === 'current' && 'Up to date'}
          {value.status === 'upgrade-available' &&
            `Upgrade available: ${value.recordedVersion ?? '?'} → ${
              value.currentVersion ?? '?'
            }`}
          {value.status !== 'current' &&
            value.status !== 'upgrade-available' &&
            value.status}
        </p>
        <p className={classes.secondary}>{template}</p>
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
  const classes = useHealthStyles();
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
        <p className={classes.body1}>{value.items.length} live</p>
        <p className={classes.secondary}>
          {value.items
            .slice(0, 3)
            .map(item => item.name)
            .join(', ')}
          {value.items.length > 3 ? ', …' : ''}
        </p>
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
  const classes = useHealthStyles();
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
  // Answered before the card appeared (the prefetch asked, or a render React threw away):
  // the figures render with the card, in the Overview's own pass, and the card never updates
  // after it mounts. An update then, while React holds back another render of the page that
  // waits for code (the Overview's lazy cards, the graph), makes React start that render
  // again from the top: the layout, its tabs and its warning-area requests once more.
  const [answeredAtMount] = useState(() =>
    [deliveryState, costState, goldenPathState, environmentsState].every(
      state => !state.loading,
    ),
  );
  // Otherwise the page's layout may still be rendering its cards again and again as their code
  // arrives, so the figures, which are not what the page waits for, render once, after the
  // page has settled; until then the card is a light placeholder.
  const idle = useAfterFirstIdle(RENDER_WAIT_MS, !answeredAtMount);
  const ready = answeredAtMount || idle;
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
          <p className={classes.secondary}>Loading…</p>
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
  const classes = useHealthStyles();
  const entityRoute = useRouteRef(entityRouteRef);
  // The entity's page; its tabs are under it (`…/delivery`, `…/cost`, `…/environments`).
  const tab = entityRoute({
    kind: entity.kind.toLocaleLowerCase('en-US'),
    namespace: entity.metadata.namespace ?? 'default',
    name: entity.metadata.name,
  });
  return (
    <div className={classes.parts} data-testid="service-health-card">
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
    </div>
  );
}
