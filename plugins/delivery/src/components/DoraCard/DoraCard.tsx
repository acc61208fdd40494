import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';
import { DoraMetricsGrid } from '../common/DoraMetricsGrid';
import { SetupGuidance } from '../common/SetupGuidance';
import { useDoraSummary } from '../common/useDoraSummary';
import { DEFAULT_ENVIRONMENTS, RangeDays } from '../common/window';
import { WindowControls } from '../common/WindowControls';
import { DeploymentsDialog } from './DeploymentsDialog';

/** Props of {@link EntityDoraCard}. @public */
export interface EntityDoraCardProps {
  /** Environments offered by the picker; the first is the default. */
  environments?: string[];
}

/**
 * DORA's five metrics of the entity with levels, trend and change against the previous
 * period, a range and environment picker and the deployments behind the numbers.
 */
export function EntityDoraCard(props: EntityDoraCardProps) {
  const { environments = DEFAULT_ENVIRONMENTS } = props;
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const [days, setDays] = useState<RangeDays>(30);
  const [environment, setEnvironment] = useState(environments[0]);
  const [drillDownOpen, setDrillDownOpen] = useState(false);
  const { value, loading, error } = useDoraSummary(
    entityRef,
    days,
    environment,
  );

  const controls = (
    <WindowControls
      idPrefix="delivery-dora"
      days={days}
      onDaysChange={setDays}
      environment={environment}
      environments={environments}
      onEnvironmentChange={setEnvironment}
    />
  );

  let content;
  if (loading) {
    content = <Progress />;
  } else if (error) {
    content = <ResponseErrorPanel error={error} />;
  } else if (
    value!.current.deploymentFrequency.deployments === 0 &&
    value!.previous.deploymentFrequency.deployments === 0
  ) {
    content = (
      <SetupGuidance
        entity={entity}
        what="deployments"
        environment={environment}
        title={`No deployments to ${environment} in the last ${days * 2} days`}
      />
    );
  } else {
    const summary = value!;
    content = (
      <>
        <DoraMetricsGrid summary={summary} days={days} />
        <Box mt={2} display="flex" alignItems="center" style={{ gap: 16 }}>
          <Button
            variant="outlined"
            color="primary"
            onClick={() => setDrillDownOpen(true)}
          >
            Show the {summary.current.deploymentFrequency.deployments}{' '}
            deployments
          </Button>
          <Typography variant="caption" color="textSecondary">
            Successful deployments to {summary.environment} that finished from{' '}
            {new Date(summary.from).toLocaleString()} to{' '}
            {new Date(summary.to).toLocaleString()}.
          </Typography>
        </Box>
        <DeploymentsDialog
          open={drillDownOpen}
          onClose={() => setDrillDownOpen(false)}
          title={`Deployments to ${summary.environment}, last ${days} days`}
          entityRef={entityRef}
          from={summary.from}
          to={summary.to}
          environment={summary.environment}
        />
      </>
    );
  }

  return (
    <InfoCard title="DORA metrics" action={controls}>
      <div data-testid="delivery-dora-card">{content}</div>
    </InfoCard>
  );
}
