import TextField from '@material-ui/core/TextField';
import { useSearchParams } from 'react-router-dom';
import {
  COST_PERIOD_IDS,
  CostPeriodId,
  DEFAULT_COST_PERIOD,
  costPeriodLabel,
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
