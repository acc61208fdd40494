import { useApi } from '@backstage/core-plugin-api';
import {
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogContentText,
  DialogTitle,
  TextField,
} from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import {
  EnvironmentAction,
  EnvironmentRequest,
  EnvironmentRequestDetails,
} from '@runway/plugin-environments-common';
import { useState } from 'react';
import { environmentsApiRef } from '../../api';
import { errorMessage } from './errors';
import { LifetimeField } from './LifetimeField';

const TITLES: Record<EnvironmentAction, string> = {
  approve: 'Approve',
  reject: 'Reject',
  extend: 'Extend',
  destroy: 'Destroy',
  retry: 'Retry',
};

function explanation(action: EnvironmentAction, request: EnvironmentRequest) {
  switch (action) {
    case 'approve':
      return `Approve ${request.name}, a ${request.type} environment (${request.size}) for ${request.entityRef} requested by ${request.requestedBy}? It is provisioned right away. Purpose: ${request.purpose}`;
    case 'reject':
      return `Reject ${request.name}? The requester sees your reason.`;
    case 'extend':
      return `Set the lifetime of ${request.name}, counted from when it became ready.`;
    case 'destroy':
      return `Destroy ${request.name}? Its manifests are removed from the GitOps repository and the environment is torn down. This cannot be undone.`;
    default:
      return `Retry ${request.name} from the step that failed${
        request.failureReason ? ` (${request.failureReason})` : ''
      }?`;
  }
}

/** Confirms an action on a request, asks for what it needs (reason, TTL) and performs it. */
export function ActionDialog(props: {
  request: EnvironmentRequest;
  action: EnvironmentAction;
  /** The type's maximum TTL, for extending. */
  maxTtlHours?: number;
  onClose: () => void;
  onDone: (updated: EnvironmentRequestDetails) => void;
}) {
  const { request, action, maxTtlHours, onClose, onDone } = props;
  const api = useApi(environmentsApiRef);
  const [reason, setReason] = useState('');
  const [ttlHours, setTtlHours] = useState(
    String(maxTtlHours ?? request.ttlHours),
  );
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  const ttl = Number(ttlHours);
  const ttlInvalid =
    action === 'extend' &&
    (!(ttl > 0) || (maxTtlHours !== undefined && ttl > maxTtlHours));
  const reasonMissing = action === 'reject' && reason.trim() === '';

  const perform = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const text = reason.trim() || undefined;
      const updated = await {
        approve: () => api.approve(request.id, { reason: text }),
        reject: () => api.reject(request.id, { reason: reason.trim() }),
        extend: () => api.extend(request.id, { ttlHours: ttl, reason: text }),
        destroy: () => api.destroy(request.id, { reason: text }),
        retry: () => api.retry(request.id),
      }[action]();
      onDone(updated);
    } catch (e) {
      setError(errorMessage(e));
      setBusy(false);
    }
  };

  return (
    <Dialog open onClose={onClose} maxWidth="sm" fullWidth>
      <DialogTitle>
        {TITLES[action]} {request.name}
      </DialogTitle>
      <DialogContent>
        <DialogContentText>{explanation(action, request)}</DialogContentText>
        {action === 'extend' && (
          <LifetimeField
            id="environment-action-ttl"
            value={ttlHours}
            onChange={setTtlHours}
            maxTtlHours={maxTtlHours}
            error={ttlInvalid}
            helperText={`Up to ${maxTtlHours ?? '?'} hours for ${
              request.type
            } environments`}
            margin="normal"
          />
        )}
        {action !== 'retry' && (
          <TextField
            id="environment-action-reason"
            label={action === 'reject' ? 'Reason (required)' : 'Reason'}
            value={reason}
            onChange={event => setReason(event.target.value)}
            required={action === 'reject'}
            fullWidth
            multiline
            margin="normal"
          />
        )}
        {error && <Alert severity="error">{error}</Alert>}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Cancel</Button>
        <Button
          color={
            action === 'destroy' || action === 'reject'
              ? 'secondary'
              : 'primary'
          }
          variant="contained"
          disabled={busy || ttlInvalid || reasonMissing}
          onClick={perform}
        >
          {TITLES[action]}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
