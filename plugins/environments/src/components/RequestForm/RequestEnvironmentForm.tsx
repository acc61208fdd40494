import { useApi } from '@backstage/core-plugin-api';
import {
  Box,
  Button,
  Grid,
  MenuItem,
  TextField,
  Typography,
} from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import {
  EnvironmentCatalogue,
  EnvironmentEstimate,
  EnvironmentRequestDetails,
} from '@runway/plugin-environments-common';
import { FormEvent, useRef, useState } from 'react';
import { useDebounce } from 'react-use';
import { environmentsApiRef } from '../../api';
import { errorMessage } from '../common/errors';
import { LifetimeField } from '../common/LifetimeField';
import { NotConfigured } from '../common/NotConfigured';
import { formatMoney, shortRef } from '../common/format';

const ESTIMATE_DELAY_MS = 300;

/** A select of the form (type, size, what to deploy): one MUI select, options as data. */
function SelectField<T extends string>(props: {
  id: string;
  label: string;
  value: T;
  onChange: (value: T) => void;
  options: Array<{ value: T; label: string }>;
  helperText?: string;
  required?: boolean;
}) {
  return (
    <TextField
      select
      id={props.id}
      label={props.label}
      value={props.value}
      onChange={event => props.onChange(event.target.value as T)}
      helperText={props.helperText}
      fullWidth
      required={props.required}
    >
      {props.options.map(option => (
        <MenuItem key={option.value} value={option.value}>
          {option.label}
        </MenuItem>
      ))}
    </TextField>
  );
}

type RequestEnvironmentFormProps = {
  catalogue: EnvironmentCatalogue;
  /** The service; fixed when the form is shown on the service's page. */
  entityRef?: string;
  onCreated: (request: EnvironmentRequestDetails) => void;
  onCancel?: () => void;
};

/**
 * Requests an environment: service, type, size, TTL, branch or version and purpose, with the
 * estimate (and whether it will be approved automatically) updated as the fields change.
 * While the backend is not configured, says what to configure instead.
 */
export function RequestEnvironmentForm(props: RequestEnvironmentFormProps) {
  if (!props.catalogue.configured || props.catalogue.types.length === 0) {
    return (
      <>
        <NotConfigured catalogue={props.catalogue} />
        {props.onCancel && <Button onClick={props.onCancel}>Close</Button>}
      </>
    );
  }
  return <ConfiguredRequestForm {...props} />;
}

function ConfiguredRequestForm(props: RequestEnvironmentFormProps) {
  const { catalogue, onCreated, onCancel } = props;
  const api = useApi(environmentsApiRef);
  const firstType = catalogue.types[0];
  const [entityRef, setEntityRef] = useState(props.entityRef ?? '');
  const [typeName, setTypeName] = useState(firstType?.name ?? '');
  const [size, setSize] = useState(firstType?.sizes[0]?.name ?? '');
  const [ttlHours, setTtlHours] = useState(
    String(firstType?.defaultTtlHours ?? ''),
  );
  const [source, setSource] = useState<'branch' | 'version'>('branch');
  const [sourceValue, setSourceValue] = useState('');
  const [purpose, setPurpose] = useState('');
  const [estimate, setEstimate] = useState<EnvironmentEstimate>();
  const [estimateError, setEstimateError] = useState<string>();
  const [submitError, setSubmitError] = useState<string>();
  const [submitting, setSubmitting] = useState(false);
  const latestEstimate = useRef(0);

  const type = catalogue.types.find(candidate => candidate.name === typeName);
  const ttl = Number(ttlHours);

  useDebounce(
    () => {
      if (!type || !size || !(ttl > 0)) {
        setEstimate(undefined);
        return;
      }
      // Only the answer to the latest selection is shown, whatever order answers arrive in.
      const call = ++latestEstimate.current;
      api
        .estimate({ type: type.name, size, ttlHours: ttl })
        .then(result => {
          if (call === latestEstimate.current) {
            setEstimate(result);
            setEstimateError(undefined);
          }
        })
        .catch(error => {
          if (call === latestEstimate.current) {
            setEstimate(undefined);
            setEstimateError(errorMessage(error));
          }
        });
    },
    ESTIMATE_DELAY_MS,
    [api, type, size, ttl],
  );

  const chooseType = (name: string) => {
    const chosen = catalogue.types.find(candidate => candidate.name === name);
    setTypeName(name);
    setSize(chosen?.sizes[0]?.name ?? '');
    setTtlHours(String(chosen?.defaultTtlHours ?? ''));
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSubmitting(true);
    setSubmitError(undefined);
    try {
      const created = await api.createRequest({
        entityRef: entityRef.trim(),
        type: typeName,
        size,
        ttlHours: ttl,
        purpose: purpose.trim(),
        ...(sourceValue.trim() ? { [source]: sourceValue.trim() } : {}),
      });
      onCreated(created);
    } catch (error) {
      setSubmitError(errorMessage(error));
    } finally {
      setSubmitting(false);
    }
  };

  const autoApproved =
    type &&
    estimate &&
    type.autoApprove &&
    (type.budget === undefined || estimate.total <= type.budget);
  const approvers = type?.approvers.length
    ? type.approvers.map(shortRef).join(', ')
    : "the service's owning team";

  return (
    <form onSubmit={submit} aria-label="Request an environment">
      <Grid container spacing={2}>
        <Grid item xs={12} md={6}>
          <TextField
            id="environment-service"
            label="Service"
            value={entityRef}
            onChange={event => setEntityRef(event.target.value)}
            disabled={props.entityRef !== undefined}
            helperText="Entity ref, e.g. component:default/payments"
            required
            fullWidth
          />
        </Grid>
        <Grid item xs={6} md={3}>
          <SelectField
            id="environment-type"
            label="Type"
            value={typeName}
            onChange={chooseType}
            helperText={type?.description}
            required
            options={catalogue.types.map(candidate => ({
              value: candidate.name,
              label: candidate.title,
            }))}
          />
        </Grid>
        <Grid item xs={6} md={3}>
          <SelectField
            id="environment-size"
            label="Size"
            value={size}
            onChange={setSize}
            required
            options={(type?.sizes ?? []).map(candidate => ({
              value: candidate.name,
              label: `${candidate.title ?? candidate.name} (${
                candidate.cpu
              } CPU, ${candidate.memory})`,
            }))}
          />
        </Grid>
        <Grid item xs={6} md={3}>
          <LifetimeField
            id="environment-ttl"
            value={ttlHours}
            onChange={setTtlHours}
            maxTtlHours={type?.maxTtlHours}
            helperText={type ? `At most ${type.maxTtlHours} hours` : undefined}
            error={type !== undefined && ttl > type.maxTtlHours}
            required
          />
        </Grid>
        <Grid item xs={6} md={3}>
          <SelectField
            id="environment-source"
            label="Deploy"
            value={source}
            onChange={setSource}
            options={[
              { value: 'branch', label: 'Branch' },
              { value: 'version', label: 'Version' },
            ]}
          />
        </Grid>
        <Grid item xs={12} md={6}>
          <TextField
            id="environment-source-value"
            label={source === 'branch' ? 'Branch' : 'Version'}
            value={sourceValue}
            onChange={event => setSourceValue(event.target.value)}
            helperText={
              source === 'branch' ? 'e.g. feature/checkout' : 'e.g. 1.4.2'
            }
            fullWidth
          />
        </Grid>
        <Grid item xs={12}>
          <TextField
            id="environment-purpose"
            label="Purpose"
            value={purpose}
            onChange={event => setPurpose(event.target.value)}
            helperText="What the environment is for; approvers read this"
            required
            fullWidth
            multiline
          />
        </Grid>
        <Grid item xs={12}>
          <Box aria-live="polite" data-testid="environment-estimate">
            {estimate && (
              <Typography>
                Estimate: {formatMoney(estimate.perDay, estimate.currency)} per
                day, {formatMoney(estimate.total, estimate.currency)} for{' '}
                {estimate.ttlHours} hours.{' '}
                {autoApproved
                  ? 'Approved automatically.'
                  : `Needs approval by ${approvers}.`}
              </Typography>
            )}
            {estimateError && <Alert severity="warning">{estimateError}</Alert>}
          </Box>
        </Grid>
        {submitError && (
          <Grid item xs={12}>
            <Alert severity="error">{submitError}</Alert>
          </Grid>
        )}
        <Grid item xs={12}>
          <Box display="flex" style={{ gap: 8 }}>
            <Button
              type="submit"
              color="primary"
              variant="contained"
              disabled={submitting}
            >
              Request environment
            </Button>
            {onCancel && <Button onClick={onCancel}>Cancel</Button>}
          </Box>
        </Grid>
      </Grid>
    </form>
  );
}
