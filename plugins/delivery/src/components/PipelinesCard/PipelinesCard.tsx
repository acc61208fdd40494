import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  InfoCard,
  Link,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  PipelineRunSummary,
  PipelineState,
} from '@runway/plugin-delivery-common';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import useAsync from 'react-use/esm/useAsync';
import { deliveryApiRef } from '../../api';
import { RUN_STATUS_LABEL, RunStatus } from '../common/RunStatus';
import { SetupGuidance } from '../common/SetupGuidance';
import {
  formatAge,
  formatDuration,
  formatInstant,
  formatPercent,
} from '../format';

const useStyles = makeStyles(theme => ({
  strip: {
    display: 'flex',
    gap: 2,
    listStyle: 'none',
    margin: 0,
    padding: 0,
  },
  tick: {
    display: 'block',
    width: 6,
    height: 18,
    borderRadius: 1,
  },
  failing: {
    color:
      theme.palette.type === 'dark' ? theme.palette.error.light : '#b71c1c',
  },
  table: {
    '& td, & th': { whiteSpace: 'nowrap', paddingLeft: 8, paddingRight: 8 },
  },
  succeeded: { backgroundColor: '#2e7d32' },
  failed: { backgroundColor: '#c62828' },
  running: { backgroundColor: theme.palette.info.main },
  queued: { backgroundColor: theme.palette.grey[500] },
  cancelled: { backgroundColor: theme.palette.grey[400] },
}));

/** The last runs as small ticks, oldest left; each tells its status on hover. */
function RunStrip(props: { runs: PipelineRunSummary[] }) {
  const classes = useStyles();
  const runs = [...props.runs].reverse();
  return (
    <ol
      className={classes.strip}
      aria-label={`Last ${runs.length} runs, oldest first`}
    >
      {runs.map(run => {
        const title = `${RUN_STATUS_LABEL[run.status]}${
          run.branch ? ` on ${run.branch}` : ''
        }${run.startedAt ? `, ${formatInstant(run.startedAt)}` : ''}`;
        return (
          <li key={run.id}>
            <Tooltip title={title}>
              <span
                className={`${classes.tick} ${classes[run.status]}`}
                aria-label={title}
                role="img"
              />
            </Tooltip>
          </li>
        );
      })}
    </ol>
  );
}

/**
 * "14 days": the statistics window the backend counted over. Taken from its response, so
 * the card cannot claim a window the numbers were not computed for.
 */
function formatWindow(windowDays: number): string {
  return windowDays === 1 ? '1 day' : `${windowDays} days`;
}

function PipelineRow(props: {
  pipeline: PipelineState;
  showEntity: boolean;
  windowDays: number;
}) {
  const classes = useStyles();
  const { pipeline, showEntity, windowDays } = props;
  const branch = pipeline.defaultBranch;
  const latest = branch?.latestRun ?? pipeline.branches[0]?.latestRun;
  const stats = branch?.last30Days ?? pipeline.last30Days;
  return (
    <TableRow data-testid={`pipeline-${pipeline.pipeline}`}>
      <TableCell component="th" scope="row">
        <Typography variant="body2">
          {showEntity ? `${pipeline.entityRef.split('/').pop()} / ` : ''}
          {pipeline.pipeline}
        </Typography>
        <Typography variant="caption" color="textSecondary">
          {branch ? branch.branch : latest?.branch ?? 'no branch'}
        </Typography>
        {pipeline.flaky.count > 0 && (
          <Tooltip
            title={`${
              pipeline.flaky.count
            } commits failed and then passed on a retry in the last ${formatWindow(
              windowDays,
            )}`}
          >
            <Chip
              size="small"
              label={`Flaky ×${pipeline.flaky.count}`}
              style={{ marginLeft: 8 }}
            />
          </Tooltip>
        )}
      </TableCell>
      <TableCell>
        {latest ? <RunStatus status={latest.status} /> : '–'}
        <Typography variant="caption" display="block" color="textSecondary">
          {latest?.url ? (
            <Link to={latest.url}>
              {formatAge(latest.startedAt ?? latest.finishedAt)}
            </Link>
          ) : (
            formatAge(latest?.startedAt ?? latest?.finishedAt)
          )}
          , took {formatDuration(latest?.durationSeconds)}
        </Typography>
        {branch?.failingSince && (
          <Typography
            variant="caption"
            display="block"
            className={classes.failing}
          >
            failing since {formatAge(branch.failingSince)} (
            {branch.consecutiveFailures} runs)
          </Typography>
        )}
      </TableCell>
      <TableCell>
        {formatPercent(stats.successRate)} passed
        <Typography variant="caption" display="block" color="textSecondary">
          median {formatDuration(stats.medianDurationSeconds)}
        </Typography>
      </TableCell>
      <TableCell>
        <RunStrip runs={pipeline.recentRuns} />
      </TableCell>
    </TableRow>
  );
}

/**
 * Pipeline state of the entity: the latest default-branch run per pipeline, failing
 * streaks, success rate and median duration over the backend's statistics window, the last
 * runs and flaky retries.
 */
export function EntityPipelinesCard() {
  const classes = useStyles();
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const deliveryApi = useApi(deliveryApiRef);
  const { value, loading, error } = useAsync(
    () => deliveryApi.getPipelines({ entityRef }),
    [deliveryApi, entityRef],
  );

  let content;
  if (loading) {
    content = <Progress />;
  } else if (error) {
    content = <ResponseErrorPanel error={error} />;
  } else if (value!.pipelines.length === 0) {
    content = (
      <SetupGuidance
        entity={entity}
        what="pipelineRuns"
        title="No pipeline runs in the last 90 days"
      />
    );
  } else {
    const entities = new Set(value!.pipelines.map(p => p.entityRef));
    content = (
      <Box overflow="auto">
        <Table size="small" aria-label="Pipelines" className={classes.table}>
          <TableHead>
            <TableRow>
              <TableCell>Pipeline</TableCell>
              <TableCell>Status</TableCell>
              <TableCell>{formatWindow(value!.windowDays)}</TableCell>
              <TableCell>Last runs</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {value!.pipelines.map(pipeline => (
              <PipelineRow
                key={`${pipeline.entityRef} ${pipeline.pipeline}`}
                pipeline={pipeline}
                showEntity={entities.size > 1}
                windowDays={value!.windowDays}
              />
            ))}
          </TableBody>
        </Table>
      </Box>
    );
  }
  return (
    <InfoCard title="Pipelines">
      <div data-testid="delivery-pipelines-card">{content}</div>
    </InfoCard>
  );
}
