import {
  StatusAborted,
  StatusError,
  StatusOK,
  StatusPending,
  StatusRunning,
  StatusWarning,
} from '@backstage/core-components';
import { EnvironmentState } from '@runway/plugin-environments-common';

const LABELS: Record<EnvironmentState, string> = {
  requested: 'Requested',
  pending_approval: 'Pending approval',
  approved: 'Approved',
  rejected: 'Rejected',
  provisioning: 'Provisioning',
  ready: 'Ready',
  expiring: 'Expiring',
  destroying: 'Destroying',
  destroyed: 'Destroyed',
  failed: 'Failed',
};

const STATUS: Record<EnvironmentState, typeof StatusOK> = {
  requested: StatusPending,
  pending_approval: StatusPending,
  approved: StatusRunning,
  rejected: StatusAborted,
  provisioning: StatusRunning,
  ready: StatusOK,
  expiring: StatusWarning,
  destroying: StatusRunning,
  destroyed: StatusAborted,
  failed: StatusError,
};

/** The lifecycle state with its status colour. */
export function StateStatus(props: { state: EnvironmentState }) {
  const Status = STATUS[props.state];
  return <Status>{LABELS[props.state]}</Status>;
}
