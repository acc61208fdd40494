import { stringifyEntityRef } from '@backstage/catalog-model';
import { InfoCard } from '@backstage/core-components';
import { useApi, useApiHolder, useRouteRef } from '@backstage/core-plugin-api';
import { entityRouteRef, useEntity } from '@backstage/plugin-catalog-react';
import { formatCost } from '@runway/plugin-cost-common';
import {
  DeliveryOverviewItem,
  PipelineRunStatus,
} from '@runway/plugin-delivery-common';
import Autorenew from '@material-ui/icons/Autorenew';
import CheckCircleOutline from '@material-ui/icons/CheckCircleOutline';
import ErrorOutline from '@material-ui/icons/ErrorOutline';
import RemoveCircleOutline from '@material-ui/icons/RemoveCircleOutline';
import Schedule from '@material-ui/icons/Schedule';
import Skeleton from '@material-ui/lab/Skeleton';
import {
  CSSProperties,
  ReactNode,
  useLayoutEffect,
  useMemo,
  useState,
} from 'react';
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
import { AppLink } from '../common/PlainLinks';
import { RUN_STATUS_LABEL } from '../common/RunStatus';
import { themedStyles, typeStyle } from '../common/inlineStyles';
import {
  costRequest,
  deliveryRequest,
  environmentsRequest,
  goldenPathRequest,
  HealthCost,
} from './requests';

const TEMPLATE_ANNOTATION = 'runway.dev/template';

// Plain elements with the theme's type styles, inline: not MUI's Grid, Typography or Box, each
// of which renders through a style hook of its own (thirty-odd per render of the card; with
// plain elements the card's render time per page load fell from about 34 to 26 ms, by React's
// render times per component on a profiling build), and no style sheet of the card's own
// (see inlineStyles.ts). The Overview is bound by the browser's main thread while it loads.
const useHealthStyles = themedStyles(theme => {
  const plain = { margin: 0 };
  const secondary = { color: theme.palette.text.secondary };
  const styles = {
    // Three columns of at least 200 px (and of at least 30% of the card, so never four), two
    // on a narrower card, one on a phone: as the Grid of xs=12 sm=6 lg=4 it replaces, but by
    // the card's width rather than the window's, so with no media query.
    parts: {
      display: 'grid',
      gap: theme.spacing(3),
      gridTemplateColumns: 'repeat(auto-fit, minmax(max(200px, 30%), 1fr))',
    },
    title: { ...typeStyle(theme, 'overline'), ...plain },
    body1: { ...typeStyle(theme, 'body1'), ...plain },
    body2: { ...typeStyle(theme, 'body2'), ...plain },
    secondary: { ...typeStyle(theme, 'body2'), ...plain, ...secondary },
    error: {
      ...typeStyle(theme, 'body2'),
      ...plain,
      color: theme.palette.error.main,
    },
    metrics: {
      display: 'grid',
      gridTemplateColumns: 'auto auto auto',
      columnGap: 12,
      margin: '8px 0 0',
    },
    metricValue: {
      ...typeStyle(theme, 'body2'),
      ...plain,
      whiteSpace: 'nowrap',
    },
    status: {
      ...typeStyle(theme, 'body2'),
      ...plain,
      display: 'flex',
      alignItems: 'baseline',
      fontWeight: theme.typography.fontWeightMedium,
    },
    statusIcon: {
      flexShrink: 0,
      position: 'relative',
      top: '0.125em',
      width: '0.8em',
      height: '0.8em',
      marginRight: theme.spacing(1),
    },
    statusColor: {
      succeeded: theme.palette.status?.ok ?? '#3E8635',
      failed: theme.palette.status?.error ?? '#C9190B',
      running: theme.palette.status?.running ?? '#6A6E73',
      queued: theme.palette.status?.pending ?? '#6A6E73',
      cancelled: theme.palette.status?.aborted ?? '#6A6E73',
    } as Record<PipelineRunStatus, string>,
  };
  return styles as Record<
    Exclude<keyof typeof styles, 'statusColor'>,
    CSSProperties
  > & { statusColor: Record<PipelineRunStatus, string> };
});

const STATUS_ICON: Record<PipelineRunStatus, typeof CheckCircleOutline> = {
  succeeded: CheckCircleOutline,
  failed: ErrorOutline,
  running: Autorenew,
  queued: Schedule,
  cancelled: RemoveCircleOutline,
};

/**
 * The default branch's status as Backstage's status components show one (the icon in the
 * status colour, then the word), from inline styles: the components' own style sheet would
 * be the card's alone on the Overview.
 */
function PipelineStatus(props: { status: PipelineRunStatus }) {
  const styles = useHealthStyles();
  const Icon = STATUS_ICON[props.status];
  return (
    <p style={styles.status} data-status={props.status}>
      <Icon
        aria-hidden="true"
        style={{ ...styles.statusIcon, fill: styles.statusColor[props.status] }}
      />
      {RUN_STATUS_LABEL[props.status]}
    </p>
  );
}

function Part(props: {
  title: string;
  to: string;
  testId: string;
  children: ReactNode;
}) {
  const styles = useHealthStyles();
  return (
    <div data-testid={props.testId}>
      <h3 style={styles.title}>
        <AppLink to={props.to}>{props.title}</AppLink>
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
  const styles = useHealthStyles();
  return <p style={styles.secondary}>{props.children}</p>;
}

function Failed(props: { error: Error }) {
  const styles = useHealthStyles();
  return <p style={styles.error}>Unavailable: {props.error.message}</p>;
}

function DeliveryParts(props: {
  state: EarlyAsyncState<DeliveryOverviewItem | null>;
  tab: string;
}) {
  const styles = useHealthStyles();
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
                <p style={styles.body1}>
                  {item.lastDeployment.version ?? 'unversioned'}
                  {item.lastDeployment.status === 'failed' ? ' (failed)' : ''}
                </p>
                <p style={styles.secondary}>
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
                <PipelineStatus status={item.pipelineStatus} />
                {item.defaultBranchRun && (
                  <p style={styles.secondary}>
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
              <dl style={styles.metrics}>
                {KEY_METRICS.map(metric => (
                  <div key={metric.key} style={{ display: 'contents' }}>
                    <dt style={styles.body2}>{metric.title}</dt>
                    <dd style={styles.metricValue} data-metric={metric.key}>
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
  const styles = useHealthStyles();
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
          <p key={total.currency} style={styles.body1}>
            {formatCost(total.amount, total.currency)}
          </p>
        ))}
        {value.forecast.map(forecast => (
          <p key={forecast.currency} style={styles.secondary}>
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
  const styles = useHealthStyles();
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
        <p style={styles.body1}>
          {value.status === 'current' && 'Up to date'}
          {value.status === 'upgrade-available' &&
            `Upgrade available: ${value.recordedVersion ?? '?'} → ${
              value.currentVersion ?? '?'
            }`}
          {value.status !== 'current' &&
            value.status !== 'upgrade-available' &&
            value.status}
        </p>
        <p style={styles.secondary}>{template}</p>
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
  const styles = useHealthStyles();
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
        <p style={styles.body1}>{value.items.length} live</p>
        <p style={styles.secondary}>
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

/** False in the render that mounts the component, true from just after React commits it. */
function useCommitted(): boolean {
  const [committed, setCommitted] = useState(false);
  useLayoutEffect(() => setCommitted(true), []);
  return committed;
}

/**
 * A component's health at a glance, at the top of its Overview: last production deployment,
 * default-branch pipeline, DORA, cost, golden path and live environments. Each part asks its
 * own plugin (one request each, all at once, from the card's first render: `useEarlyAsync`, or
 * earlier from ServiceHealthPrefetch, which the card then joins), shows its own loading and
 * empty states, and links to its tab; a part whose plugin is not installed is left out.
 */
export function EntityServiceHealthCard() {
  const styles = useHealthStyles();
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
  // the figures are drawn in the commit that puts the card on the page (below), and the card
  // never updates later. An update later, while React holds back another render of the page that
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
  // Answered or not, the figures render only in a card React has put on the page. While the
  // Overview loads, React renders it from the top again each time a card's code arrives and
  // throws most of those renders away (the card rendered 4-9 times a load, its figures 2-6
  // times, for one card on the page), so those renders get the placeholder. The switch is made
  // before the browser paints (a layout effect), in the same frame as the card: no extra
  // frame, and no update arriving later to start a held-back render of the page again.
  const committed = useCommitted();
  const ready = (answeredAtMount && committed) || idle;
  // The entity page renders its cards again as the rest of the Overview arrives (2-5 times a
  // load); the card's elements are rebuilt only when what they show changed.
  return useMemo(
    () =>
      committed ? (
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
              <p style={styles.secondary}>Loading…</p>
            </div>
          )}
        </InfoCard>
      ) : (
        // Not yet on the page: the card is drawn in the commit that puts it there, before the
        // browser paints, so this is never seen, and the renders React throws away while the
        // Overview loads build no card (InfoCard is a dozen components behind style hooks).
        <div aria-busy="true" style={{ minHeight: PLACEHOLDER_HEIGHT }} />
      ),
    [
      committed,
      ready,
      deliveryState,
      costApi,
      costState,
      goldenPathsApi,
      goldenPathState,
      environmentsApi,
      environmentsState,
      hasTemplate,
      styles,
    ],
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
  const styles = useHealthStyles();
  const entityRoute = useRouteRef(entityRouteRef);
  // The entity's page; its tabs are under it (`…/delivery`, `…/cost`, `…/environments`).
  const tab = entityRoute({
    kind: entity.kind.toLocaleLowerCase('en-US'),
    namespace: entity.metadata.namespace ?? 'default',
    name: entity.metadata.name,
  });
  return (
    <div style={styles.parts} data-testid="service-health-card">
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
