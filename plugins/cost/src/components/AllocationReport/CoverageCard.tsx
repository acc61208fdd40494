import { InfoCard, LinearGauge } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { AllocationReport } from '@runway/plugin-cost-common';
import { amountIn, formatCost, formatShare } from '../format';
import { MultiCurrencyNote } from '../EntityCost/MultiCurrencyNote';

/** How much of the period's cost reached a catalog entity, per currency. */
export function CoverageCard(props: { report: AllocationReport }) {
  const { report } = props;
  return (
    <InfoCard
      title="Allocation coverage"
      subheader="Share of cost attributed to a catalog entity"
    >
      {report.coverage.length === 0 && (
        <Typography variant="body2" color="textSecondary">
          No cost was imported for this period.
        </Typography>
      )}
      <MultiCurrencyNote currencies={report.coverage.map(c => c.currency)} />
      {report.coverage.map(coverage => (
        <Box
          key={coverage.currency}
          mb={2}
          data-testid={`coverage-${coverage.currency}`}
        >
          <Typography variant="h5" component="p">
            {coverage.ratio === null
              ? '–'
              : formatShare(coverage.allocated, coverage.total)}{' '}
            allocated
          </Typography>
          {coverage.ratio !== null && <LinearGauge value={coverage.ratio} />}
          <Typography variant="body2">
            {formatCost(coverage.allocated, coverage.currency)} of{' '}
            {formatCost(coverage.total, coverage.currency)} attributed;{' '}
            <strong>
              {formatCost(coverage.unallocated, coverage.currency)} unallocated
            </strong>
            , of which{' '}
            {formatCost(
              amountIn(report.untagged, coverage.currency),
              coverage.currency,
            )}{' '}
            carries no tags at all.
          </Typography>
        </Box>
      ))}
    </InfoCard>
  );
}
