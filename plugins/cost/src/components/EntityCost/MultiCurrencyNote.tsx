import Typography from '@material-ui/core/Typography';

/** Says out loud that amounts in several currencies stay apart. */
export function MultiCurrencyNote(props: { currencies: string[] }) {
  const currencies = [...new Set(props.currencies)];
  if (currencies.length < 2) {
    return null;
  }
  return (
    <Typography variant="body2" color="textSecondary" paragraph>
      Cost here is exported in {currencies.length} currencies (
      {currencies.join(', ')}). Each is shown on its own and never added to the
      others.
    </Typography>
  );
}
