import {
  StatusAborted,
  StatusError,
  StatusOK,
  StatusPending,
  StatusRunning,
} from '@backstage/core-components';
import { PipelineRunStatus } from '@runway/plugin-delivery-common';

/** The word shown for a run status. */
export const RUN_STATUS_LABEL: Record<PipelineRunStatus, string> = {
  succeeded: 'Passed',
  failed: 'Failed',
  running: 'Running',
  queued: 'Queued',
  cancelled: 'Cancelled',
};

/** A run status with Backstage's status icons and a word (never colour alone). */
export function RunStatus(props: { status: PipelineRunStatus }) {
  const label = RUN_STATUS_LABEL[props.status];
  switch (props.status) {
    case 'succeeded':
      return <StatusOK>{label}</StatusOK>;
    case 'failed':
      return <StatusError>{label}</StatusError>;
    case 'running':
      return <StatusRunning>{label}</StatusRunning>;
    case 'queued':
      return <StatusPending>{label}</StatusPending>;
    default:
      return <StatusAborted>{label}</StatusAborted>;
  }
}
