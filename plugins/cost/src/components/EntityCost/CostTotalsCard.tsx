import { InfoCard } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import TrendingDownIcon from '@material-ui/icons/TrendingDown';
import TrendingFlatIcon from '@material-ui/icons/TrendingFlat';
import TrendingUpIcon from '@material-ui/icons/TrendingUp';
import { CostChange, EntityCost } from '@runway/plugin-cost-common';
import { amountIn, formatChangeRatio, formatCost } from '../format';
import { formatWindow } from '../period';
import { MultiCurrencyNote } from './MultiCurrencyNote';

const useStyles = makeStyles(theme => ({
  total: { fontWeight: theme.typography.fontWeightBold as number },
  up: { color: theme.palette.error.main },
  down: { color: theme.palette.success.main },
  change: { display: 'flex', alignItems: 'center', gap: theme.spacing(0.5) },
}));

function ChangeLine(props: {
  change: CostChange | undefined;
  currency: string;
}) {
  const classes = useStyles();
  const { change, currency } = props;
  if (!change || (change.previous === 0 && change.current === 0)) {
    return (
      <Typography variant="body2" color="textSecondary">
        No cost in either period
      </Typography>
    );
  }
  const difference = formatCost(Math.abs(change.difference), currency);
  let Icon = TrendingFlatIcon;
  let className: string | undefined;
  if (change.difference > 0) {
    Icon = TrendingUpIcon;
    className = classes.up;
  } else if (change.difference < 0) {
    Icon = TrendingDownIcon;
    className = classes.down;
  }
  return (
    <Typography variant="body2" component="div" className={classes.change}>
      <Icon fontSize="small" className={className} aria-hidden />
      <span data-testid={`cost-change-${currency}`} className={className}>
        {formatChangeRatio(change.ratio)}
      </span>
      <span>
        ({change.difference >= 0 ? '+' : '−'}
        {difference}) vs previous period
      </span>
    </Typography>
  );
}

/** The period total and its change from the period just before, per currency. */
export function CostTotalsCard(props: { cost: EntityCost }) {
  const classes = useStyles();
  const { cost } = props;
  const currencies = cost.totals.map(total => total.currency);
  const otherScope = cost.scope.filter(ref => ref !== cost.entityRef);
  return (
    <InfoCard
      title="Total cost"
      subheader={`${formatWindow(cost.from, cost.to)} · ${cost.metric}`}
    >
      <MultiCurrencyNote currencies={currencies} />
      {cost.totals.map(total => (
        <Box key={total.currency} mb={2}>
          <Typography
            variant="h4"
            component="p"
            className={classes.total}
            data-testid={`cost-total-${total.currency}`}
          >
            {formatCost(total.amount, total.currency)}
          </Typography>
          <ChangeLine
            currency={total.currency}
            change={cost.change.find(c => c.currency === total.currency)}
          />
          <Typography variant="caption" color="textSecondary">
            Previous period (
            {formatWindow(cost.previous.from, cost.previous.to)}
            ):{' '}
            {formatCost(
              amountIn(cost.previous.totals, total.currency),
              total.currency,
            )}
          </Typography>
        </Box>
      ))}
      {otherScope.length > 0 && (
        <Typography variant="body2" color="textSecondary">
          Includes the cost of {otherScope.length}{' '}
          {otherScope.length === 1 ? 'entity' : 'entities'} it owns or contains:{' '}
          {otherScope.join(', ')}
        </Typography>
      )}
    </InfoCard>
  );
}
