import Box from '@material-ui/core/Box';
import FormControl from '@material-ui/core/FormControl';
import InputLabel from '@material-ui/core/InputLabel';
import MenuItem from '@material-ui/core/MenuItem';
import Select from '@material-ui/core/Select';
import { RANGE_DAYS, RangeDays } from './window';

/** Time range and, when given a list, environment pickers of a DORA card. */
export function WindowControls(props: {
  idPrefix: string;
  days: RangeDays;
  onDaysChange: (days: RangeDays) => void;
  environment: string;
  environments?: string[];
  onEnvironmentChange?: (environment: string) => void;
}) {
  const {
    idPrefix,
    days,
    onDaysChange,
    environment,
    environments,
    onEnvironmentChange,
  } = props;
  return (
    <Box display="flex" style={{ gap: 16 }}>
      <FormControl size="small">
        <InputLabel id={`${idPrefix}-range-label`}>Time range</InputLabel>
        <Select
          labelId={`${idPrefix}-range-label`}
          id={`${idPrefix}-range`}
          value={days}
          onChange={event => onDaysChange(event.target.value as RangeDays)}
        >
          {RANGE_DAYS.map(option => (
            <MenuItem key={option} value={option}>
              Last {option} days
            </MenuItem>
          ))}
        </Select>
      </FormControl>
      {environments && onEnvironmentChange && (
        <FormControl size="small">
          <InputLabel id={`${idPrefix}-environment-label`}>
            Environment
          </InputLabel>
          <Select
            labelId={`${idPrefix}-environment-label`}
            id={`${idPrefix}-environment`}
            value={environment}
            onChange={event =>
              onEnvironmentChange(event.target.value as string)
            }
          >
            {environments.map(option => (
              <MenuItem key={option} value={option}>
                {option}
              </MenuItem>
            ))}
          </Select>
        </FormControl>
      )}
    </Box>
  );
}
