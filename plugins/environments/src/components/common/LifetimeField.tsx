import { TextField } from '@material-ui/core';

/**
 * The lifetime of an environment in hours, from 1 to the type's maximum: the same field when
 * an environment is requested and when it is extended.
 */
export function LifetimeField(props: {
  id: string;
  /** As typed: the caller parses it and says whether it is out of range. */
  value: string;
  onChange: (value: string) => void;
  maxTtlHours: number | undefined;
  error: boolean;
  helperText: string | undefined;
  required?: boolean;
  margin?: 'normal';
}) {
  return (
    <TextField
      id={props.id}
      label="Lifetime (hours)"
      type="number"
      value={props.value}
      onChange={event => props.onChange(event.target.value)}
      inputProps={{ min: 1, max: props.maxTtlHours }}
      helperText={props.helperText}
      error={props.error}
      required={props.required}
      fullWidth
      margin={props.margin}
    />
  );
}
