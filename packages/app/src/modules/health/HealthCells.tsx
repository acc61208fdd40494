import { createContext, ReactNode, useContext } from 'react';
import Link from '@material-ui/core/Link';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import Skeleton from '@material-ui/lab/Skeleton';
import type { TableColumn } from '@backstage/core-components';
import type {
  DeliveryOverviewItem,
  PerformanceLevel,
} from '@runway/plugin-delivery-common';
import { CurrencyAmount, formatCost } from '@runway/plugin-cost-common';
import { HealthPart, normalizeRef, ServiceHealth } from './useServiceHealth';

const HealthContext = createContext<ServiceHealth | undefined>(undefined);

/** Makes the health figures of the rows on screen available to the health cells below it. */
export const ServiceHealthProvider = HealthContext.Provider;

const NO_DATA = '—';

const LEVEL_LABEL: Record<PerformanceLevel, string> = {
  elite: 'Elite',
  high: 'High',
  medium: 'Medium',
  low: 'Low',
};
// Dark enough for white text at WCAG AA contrast (4.5:1).
const LEVEL_COLOR: Record<PerformanceLevel, string> = {
  elite: '#1b5e20',
  high: '#2e6b30',
  medium: '#8a5300',
  low: '#b71c1c',
};
const LEVEL_RANK: Record<PerformanceLevel, number> = {
  elite: 4,
  high: 3,
  medium: 2,
  low: 1,
};

type PipelineStatus = NonNullable<DeliveryOverviewItem['pipelineStatus']>;
const PIPELINE_LABEL: Record<PipelineStatus, string> = {
  failed: 'Failed',
  running: 'Running',
  queued: 'Queued',
  cancelled: 'Cancelled',
  succeeded: 'Passing',
};
// Worst first when sorted ascending.
const PIPELINE_RANK: Record<PipelineStatus, number> = {
  failed: 0,
  cancelled: 1,
  running: 2,
  queued: 3,
  succeeded: 4,
};
const PIPELINE_COLOR: Partial<Record<PipelineStatus, string>> = {
  failed: '#b71c1c',
  succeeded: '#1b5e20',
};

function Placeholder(props: { label: string }) {
  return (
    <Skeleton
      variant="text"
      width={72}
      role="progressbar"
      aria-label={props.label}
    />
  );
}

function Unavailable(props: { what: string; error?: Error }) {
  const text = (
    <Typography variant="body2" color="textSecondary" component="span">
      {NO_DATA}
    </Typography>
  );
  return props.error ? (
    <Tooltip title={`${props.what} unavailable: ${props.error.message}`}>
      {text}
    </Tooltip>
  ) : (
    text
  );
}

/**
 * Renders one part of a row's health: a placeholder while its plugin's request is under way,
 * an em dash (with the reason) when it failed or has nothing for this row.
 */
function HealthCell<T>(props: {
  part: keyof ServiceHealth;
  entityRef: string;
  what: string;
  children: (value: T) => ReactNode;
}) {
  const health = useContext(HealthContext);
  const part = health?.[props.part] as HealthPart<T> | undefined;
  if (!part || part.state === 'loading') {
    return <Placeholder label={`Loading ${props.what.toLocaleLowerCase()}`} />;
  }
  if (part.state === 'error') {
    return <Unavailable what={props.what} error={part.error} />;
  }
  if (part.state === 'unavailable') {
    return <Unavailable what={props.what} />;
  }
  const value = part.byRef.get(normalizeRef(props.entityRef));
  return value === undefined ? (
    <Unavailable what={props.what} />
  ) : (
    <>{props.children(value)}</>
  );
}

/** "3 days ago", "in 2 hours": the largest whole unit. */
export function relativeTime(iso: string, now: number = Date.now()): string {
  const seconds = (new Date(iso).getTime() - now) / 1000;
  const format = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
  const units: Array<[Intl.RelativeTimeFormatUnit, number]> = [
    ['year', 365 * 86400],
    ['month', 30 * 86400],
    ['week', 7 * 86400],
    ['day', 86400],
    ['hour', 3600],
    ['minute', 60],
  ];
  for (const [unit, size] of units) {
    if (Math.abs(seconds) >= size) {
      return format.format(Math.trunc(seconds / size), unit);
    }
  }
  return 'just now';
}

export function DoraLevelCell(props: { entityRef: string }) {
  return (
    <HealthCell<DeliveryOverviewItem>
      part="delivery"
      entityRef={props.entityRef}
      what="DORA level"
    >
      {item =>
        item.level ? (
          <span
            data-level={item.level}
            style={{
              display: 'inline-block',
              padding: '2px 8px',
              borderRadius: 12,
              color: '#fff',
              fontWeight: 600,
              fontSize: '0.8125rem',
              whiteSpace: 'nowrap',
              backgroundColor: LEVEL_COLOR[item.level],
            }}
          >
            {LEVEL_LABEL[item.level]}
          </span>
        ) : (
          <Unavailable what="DORA level" />
        )
      }
    </HealthCell>
  );
}

export function LastDeploymentCell(props: { entityRef: string }) {
  return (
    <HealthCell<DeliveryOverviewItem>
      part="delivery"
      entityRef={props.entityRef}
      what="Last production deployment"
    >
      {item => {
        const deployment = item.lastDeployment;
        if (!deployment) {
          return <Unavailable what="Last production deployment" />;
        }
        return (
          <Typography variant="body2" component="span" noWrap>
            <span data-testid="deployment-version">
              {deployment.version ?? 'unversioned'}
            </span>
            {deployment.status === 'failed' ? ' (failed)' : ''}
            <br />
            <Tooltip title={new Date(deployment.finishedAt).toUTCString()}>
              <time dateTime={deployment.finishedAt}>
                {relativeTime(deployment.finishedAt)}
              </time>
            </Tooltip>
          </Typography>
        );
      }}
    </HealthCell>
  );
}

export function PipelineCell(props: { entityRef: string }) {
  return (
    <HealthCell<DeliveryOverviewItem>
      part="delivery"
      entityRef={props.entityRef}
      what="Main pipeline"
    >
      {item => {
        if (!item.pipelineStatus) {
          return <Unavailable what="Main pipeline" />;
        }
        const label = (
          <span
            data-status={item.pipelineStatus}
            style={{
              color: PIPELINE_COLOR[item.pipelineStatus],
              fontWeight: item.pipelineStatus === 'failed' ? 600 : undefined,
              whiteSpace: 'nowrap',
            }}
          >
            {PIPELINE_LABEL[item.pipelineStatus]}
          </span>
        );
        const run = item.defaultBranchRun;
        return run?.url ? (
          <Link
            href={run.url}
            target="_blank"
            rel="noopener noreferrer"
            aria-label={`${PIPELINE_LABEL[item.pipelineStatus]}: ${
              run.pipeline
            } on ${run.branch ?? 'the default branch'}`}
          >
            {label}
          </Link>
        ) : (
          label
        );
      }}
    </HealthCell>
  );
}

export function CostCell(props: { entityRef: string }) {
  return (
    <HealthCell<CurrencyAmount[]>
      part="cost"
      entityRef={props.entityRef}
      what="30-day cost"
    >
      {totals =>
        totals.length === 0 ? (
          <Unavailable what="30-day cost" />
        ) : (
          totals.map(total => (
            <Typography
              key={total.currency}
              variant="body2"
              noWrap
              component="div"
            >
              {formatCost(total.amount, total.currency)}
            </Typography>
          ))
        )
      }
    </HealthCell>
  );
}

function loaded<T>(part: HealthPart<T>, ref: string): T | undefined {
  return part.state === 'loaded'
    ? part.byRef.get(normalizeRef(ref))
    : undefined;
}

/**
 * Compares two optional keys, rows without a figure last. The table sorts descending by
 * calling the comparator with the rows swapped, so "last" holds in either direction.
 */
export function compareOptional(
  a: number | undefined,
  b: number | undefined,
): number {
  if (a === undefined && b === undefined) return 0;
  if (a === undefined) return 1;
  if (b === undefined) return -1;
  return a - b;
}

/** What each health column sorts by, given the figures loaded so far. */
export const healthSortKeys = {
  level: (health: ServiceHealth, ref: string) => {
    const level = loaded(health.delivery, ref)?.level;
    return level ? LEVEL_RANK[level] : undefined;
  },
  lastDeployment: (health: ServiceHealth, ref: string) => {
    const deployment = loaded(health.delivery, ref)?.lastDeployment;
    return deployment ? new Date(deployment.finishedAt).getTime() : undefined;
  },
  pipeline: (health: ServiceHealth, ref: string) => {
    const status = loaded(health.delivery, ref)?.pipelineStatus;
    return status ? PIPELINE_RANK[status] : undefined;
  },
  cost: (health: ServiceHealth, ref: string) => {
    const totals = loaded(health.cost, ref);
    return totals && totals.length > 0
      ? Math.max(...totals.map(total => total.amount))
      : undefined;
  },
};

/**
 * The four health columns for a table whose rows name a component (`refOf`): DORA level,
 * last production deployment, main pipeline and 30-day cost. Each cell reads the figures
 * from the nearest `ServiceHealthProvider`; sorting reads them through `getHealth` (the
 * figures at the time of the click), rows without a figure last.
 */
export function healthColumns<T extends object>(
  refOf: (row: T) => string,
  getHealth: () => ServiceHealth,
): TableColumn<T>[] {
  const sortBy =
    (key: keyof typeof healthSortKeys) =>
    (a: T, b: T, type?: 'row' | 'group') => {
      if (type === 'group') return 0;
      const health = getHealth();
      return compareOptional(
        healthSortKeys[key](health, refOf(a)),
        healthSortKeys[key](health, refOf(b)),
      );
    };
  return [
    {
      title: 'DORA level',
      width: '112px',
      field: 'health.level',
      customSort: sortBy('level'),
      render: row => <DoraLevelCell entityRef={refOf(row)} />,
    },
    {
      title: 'Last production deployment',
      width: '136px',
      field: 'health.lastDeployment',
      customSort: sortBy('lastDeployment'),
      render: row => <LastDeploymentCell entityRef={refOf(row)} />,
    },
    {
      title: 'Main pipeline',
      width: '104px',
      field: 'health.pipeline',
      customSort: sortBy('pipeline'),
      render: row => <PipelineCell entityRef={refOf(row)} />,
    },
    {
      title: '30-day cost',
      width: '136px',
      field: 'health.cost',
      customSort: sortBy('cost'),
      align: 'right',
      render: row => <CostCell entityRef={refOf(row)} />,
    },
  ];
}
