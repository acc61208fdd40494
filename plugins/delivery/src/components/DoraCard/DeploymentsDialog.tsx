import {
  Link,
  Progress,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { DoraDeployment } from '@runway/plugin-delivery-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';
import { deliveryApiRef } from '../../api';
import { formatDuration, formatInstant } from '../format';
import { webAddress } from '../common/PlainLinks';

const FAILURE_REASON: Record<DoraDeployment['failureReasons'][number], string> =
  {
    incident: 'an incident names it',
    incidentInWindow: 'an incident opened soon after it',
    rolledBack: 'rolled back',
  };

const REWORK_REASON: Record<DoraDeployment['reworkReasons'][number], string> = {
  rollback: 'rollback',
  hotfix: 'hotfix',
  duringIncident: 'during an incident',
};

function leadTimes(deployment: DoraDeployment): string {
  const samples = deployment.commits.flatMap(c =>
    c.leadTimeSeconds === null ? [] : [c.leadTimeSeconds],
  );
  if (samples.length === 0) {
    return '–';
  }
  const min = Math.min(...samples);
  const max = Math.max(...samples);
  return min === max
    ? formatDuration(min)
    : `${formatDuration(min)}–${formatDuration(max)}`;
}

const columns: TableColumn<DoraDeployment>[] = [
  {
    title: 'Finished',
    field: 'finishedAt',
    render: d => formatInstant(d.finishedAt),
  },
  { title: 'Version', field: 'version', render: d => d.version ?? '–' },
  {
    title: 'Commits',
    render: d => (
      <Tooltip
        title={
          d.commits.map(c => c.sha.slice(0, 12)).join(', ') || 'no commits'
        }
      >
        <span>{d.commits.length}</span>
      </Tooltip>
    ),
  },
  { title: 'Lead time', render: leadTimes },
  {
    title: 'Result',
    render: d =>
      d.failed ? (
        <Tooltip
          title={`Failed: ${d.failureReasons
            .map(reason => FAILURE_REASON[reason])
            .join(', ')}`}
        >
          <Chip size="small" label="Failed" color="secondary" />
        </Tooltip>
      ) : (
        <Typography variant="body2">OK</Typography>
      ),
  },
  {
    title: 'Incidents',
    render: d =>
      d.incidents.length === 0
        ? '–'
        : d.incidents.map(incident => {
            // From an incident event: only a web address is linked (core-components' Link
            // throws on a script address, which would take the dialog down).
            const href = webAddress(incident.url);
            return (
              <Box key={incident.id}>
                {href ? <Link to={href}>{incident.id}</Link> : incident.id}
                {incident.resolvedAt ? '' : ' (open)'}
              </Box>
            );
          }),
  },
  {
    title: 'Rollback',
    render: d =>
      [
        d.rolledBackBy && `rolled back by ${d.rolledBackBy}`,
        d.rollbackOf && `rolls back ${d.rollbackOf}`,
      ]
        .filter(Boolean)
        .join('; ') || '–',
  },
  {
    title: 'Recovery',
    render: d => (d.failed ? formatDuration(d.recoverySeconds) : '–'),
  },
  {
    title: 'Rework',
    render: d =>
      d.rework
        ? d.reworkReasons.map(reason => REWORK_REASON[reason]).join(', ')
        : '–',
  },
];

function DeploymentsTable(props: {
  entityRef: string;
  from: string;
  to: string;
  environment: string;
}) {
  const deliveryApi = useApi(deliveryApiRef);
  const { entityRef, from, to, environment } = props;
  const { value, loading, error } = useAsync(
    () => deliveryApi.getDoraDeployments({ entityRef, from, to, environment }),
    [deliveryApi, entityRef, from, to, environment],
  );
  if (loading) {
    return <Progress />;
  }
  if (error) {
    return <ResponseErrorPanel error={error} />;
  }
  return (
    <Table<DoraDeployment>
      title={`${value!.items.length} deployments`}
      columns={columns}
      data={value!.items}
      options={{ paging: true, pageSize: 10, search: false, padding: 'dense' }}
    />
  );
}

/** The deployments behind the metrics, loaded when the dialog opens. */
export function DeploymentsDialog(props: {
  open: boolean;
  onClose: () => void;
  entityRef: string;
  from: string;
  to: string;
  environment: string;
  title: string;
}) {
  const { open, onClose, title, ...window } = props;
  return (
    <Dialog
      open={open}
      onClose={onClose}
      maxWidth="lg"
      fullWidth
      aria-labelledby="delivery-deployments-title"
    >
      <DialogTitle id="delivery-deployments-title">{title}</DialogTitle>
      <DialogContent>{open && <DeploymentsTable {...window} />}</DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Close</Button>
      </DialogActions>
    </Dialog>
  );
}
