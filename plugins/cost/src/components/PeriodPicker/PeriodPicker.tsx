import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { DateTime } from 'luxon';
import { ReactNode, useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import {
  COST_PERIOD_IDS,
  CostPeriod,
  CostPeriodId,
  costPeriod,
  DEFAULT_COST_PERIOD,
  costPeriodLabel,
  formatWindow,
  isCostPeriodId,
} from '../period';

/** The period chosen in the page's `?period=` query, so that a view can be linked to. */
export function useCostPeriodId(): [CostPeriodId, (id: CostPeriodId) => void] {
  const [searchParams, setSearchParams] = useSearchParams();
  const requested = searchParams.get('period');
  const periodId = isCostPeriodId(requested) ? requested : DEFAULT_COST_PERIOD;
  const setPeriodId = (id: CostPeriodId) =>
    setSearchParams(
      previous => {
        const next = new URLSearchParams(previous);
        next.set('period', id);
        return next;
      },
      { replace: true },
    );
  return [periodId, setPeriodId];
}

/** A period picked on a cost view, and its window. */
export interface CostPeriodChoice {
  periodId: CostPeriodId;
  setPeriodId: (id: CostPeriodId) => void;
  period: CostPeriod;
}

/**
 * The period chosen in the page's `?period=` query and its window, computed once per choice
 * (not per render, which would move `to` and refetch).
 */
export function useCostPeriod(): CostPeriodChoice {
  const [periodId, setPeriodId] = useCostPeriodId();
  const period = useMemo(
    () => costPeriod(periodId, DateTime.utc()),
    [periodId],
  );
  return { periodId, setPeriodId, period };
}

export function PeriodPicker(props: {
  value: CostPeriodId;
  onChange: (id: CostPeriodId) => void;
}) {
  return (
    <TextField
      select
      label="Period"
      variant="outlined"
      size="small"
      value={props.value}
      onChange={event => {
        if (isCostPeriodId(event.target.value)) {
          props.onChange(event.target.value);
        }
      }}
      SelectProps={{ native: true }}
      // The theme's grey label on the page background is below WCAG AA contrast.
      InputLabelProps={{ style: { color: 'inherit' } }}
      inputProps={{ 'aria-label': 'Period' }}
    >
      {COST_PERIOD_IDS.map(id => (
        <option key={id} value={id}>
          {costPeriodLabel(id)}
        </option>
      ))}
    </TextField>
  );
}

/**
 * A cost view under the period picker and the dates it stands for: the Cost tab and the
 * allocation report share the bar, so a period reads the same on both. `children` are the
 * view's grid items.
 */
export function CostPeriodLayout(props: {
  choice: CostPeriodChoice;
  children: ReactNode;
}) {
  const { periodId, setPeriodId, period } = props.choice;
  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <Box display="flex" alignItems="center" flexWrap="wrap" gridGap={16}>
          <PeriodPicker value={periodId} onChange={setPeriodId} />
          <Typography
            variant="body1"
            color="textPrimary"
            data-testid="cost-window"
          >
            {formatWindow(period.from, period.to)} (UTC)
          </Typography>
        </Box>
      </Grid>
      {props.children}
    </Grid>
  );
}
