import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  InfoCard,
  Link,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import { DoraEntitySummary } from '@runway/plugin-delivery-common';
import Box from '@material-ui/core/Box';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';
import { useCompactTableStyles } from '../common/compactTable';
import { DoraMetricsGrid } from '../common/DoraMetricsGrid';
import { LevelChip } from '../common/LevelChip';
import { DORA_METRICS, formatMetric } from '../common/metrics';
import { useDeliveryTabLink } from '../common/useDeliveryTabLink';
import { useDoraSummary } from '../common/useDoraSummary';
import { RangeDays } from '../common/window';
import { WindowControls } from '../common/WindowControls';

function ServicesTable(props: { services: DoraEntitySummary[] }) {
  const deliveryTab = useDeliveryTabLink();
  const classes = useCompactTableStyles();
  return (
    <Box overflow="auto">
      <Table
        size="small"
        aria-label="Services, worst first"
        className={classes.table}
      >
        <TableHead>
          <TableRow>
            <TableCell className={classes.nowrap}>Service</TableCell>
            <TableCell>Level</TableCell>
            {DORA_METRICS.map(metric => (
              <TableCell key={metric.key}>{metric.title}</TableCell>
            ))}
          </TableRow>
        </TableHead>
        <TableBody>
          {props.services.map(service => (
            <TableRow key={service.entityRef} data-testid="rollup-service">
              <TableCell component="th" scope="row">
                <Link to={deliveryTab(service.entityRef)}>
                  {service.title ?? service.entityRef.split('/').pop()}
                </Link>
              </TableCell>
              <TableCell>
                <LevelChip level={service.level} />
              </TableCell>
              {DORA_METRICS.map(metric => (
                <TableCell key={metric.key} className={classes.nowrap}>
                  {formatMetric(metric, service)}
                </TableCell>
              ))}
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Box>
  );
}

/**
 * DORA metrics over everything a Group owns or a System contains, with its services
 * ranked worst first.
 */
export function EntityDeliveryRollupCard(props: { environment?: string }) {
  const { environment = 'production' } = props;
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const [days, setDays] = useState<RangeDays>(30);
  const { value, loading, error } = useDoraSummary(
    entityRef,
    days,
    environment,
  );
  const scope =
    entity.kind.toLocaleLowerCase('en-US') === 'system' ? 'contains' : 'owns';

  let content;
  if (loading) {
    content = <Progress />;
  } else if (error) {
    content = <ResponseErrorPanel error={error} />;
  } else if (value!.entities.length === 0) {
    content = (
      <Typography variant="body2">
        {entity.metadata.title ?? entity.metadata.name} {scope} no components.
        Delivery metrics roll up over the components whose{' '}
        {scope === 'owns' ? <code>spec.owner</code> : <code>spec.system</code>}{' '}
        names <code>{entityRef}</code>.
      </Typography>
    );
  } else if (
    value!.current.deploymentFrequency.deployments === 0 &&
    value!.previous.deploymentFrequency.deployments === 0
  ) {
    content = (
      <Typography variant="body2">
        None of the {value!.entities.length} components it {scope} deployed to{' '}
        {environment} in the last {days * 2} days. Open a service's Delivery tab
        to see how to send deployment events (webhook or{' '}
        <code>POST /api/delivery/events</code>).
      </Typography>
    );
  } else {
    const summary = value!;
    content = (
      <>
        <DoraMetricsGrid summary={summary} days={days} />
        <Box mt={2}>
          <Typography variant="subtitle1" component="h3">
            Services, worst first
          </Typography>
          <ServicesTable services={summary.entities} />
        </Box>
      </>
    );
  }

  return (
    <InfoCard
      title="Delivery"
      subheader={`DORA metrics over the components it ${scope}, ${environment}`}
      action={
        <WindowControls
          idPrefix="delivery-rollup"
          days={days}
          onDaysChange={setDays}
          environment={environment}
        />
      }
    >
      <div data-testid="delivery-rollup-card">{content}</div>
    </InfoCard>
  );
}
