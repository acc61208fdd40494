import { stringifyEntityRef } from '@backstage/catalog-model';
import { InfoCard, Link } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { DeliveryOverviewItem } from '@runway/plugin-delivery-common';
import Box from '@material-ui/core/Box';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import Skeleton from '@material-ui/lab/Skeleton';
import { useEffect, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { deliveryApiRef } from '../../api';
import { compareWorstFirst, RunLink, trendCounts } from '../common/health';
import { useCompactTableStyles } from '../common/compactTable';
import { LevelChip } from '../common/LevelChip';
import { useDeliveryTabLink } from '../common/useDeliveryTabLink';
import { lastDays } from '../common/window';
import {
  CostCell,
  RowCostsProvider,
  useRowCosts,
} from '../DeliveryOverviewPage/CostColumn';
import { formatAge } from '../format';
import { RunStatus } from '../common/RunStatus';

/** The most services one request returns (the overview's page limit). */
const MAX_SERVICES = 200;

/** The team's services from one overview request (owner filter), worst first. */
function useTeamHealth(ownerRef: string, period: { from: string; to: string }) {
  const deliveryApi = useApi(deliveryApiRef);
  const { from, to } = period;
  return useAsync(async () => {
    const overview = await deliveryApi.getOverview({
      from,
      to,
      owner: ownerRef,
      limit: MAX_SERVICES,
    });
    return {
      totalCount: overview.totalCount,
      items: [...overview.items].sort(compareWorstFirst),
    };
  }, [deliveryApi, ownerRef, from, to]);
}

function Trend(props: { item: DeliveryOverviewItem }) {
  const { worse, better } = trendCounts(props.item);
  const label = `${worse} of 4 key figures worse, ${better} better than the previous 30 days`;
  return (
    <Typography
      variant="caption"
      component="div"
      role="img"
      aria-label={label}
      title={label}
      data-worse={worse}
      data-better={better}
    >
      <span aria-hidden="true" style={{ whiteSpace: 'nowrap' }}>
        ▼ {worse} worse
      </span>{' '}
      <span aria-hidden="true" style={{ whiteSpace: 'nowrap' }}>
        ▲ {better} better
      </span>
    </Typography>
  );
}

function ServiceRow(props: {
  item: DeliveryOverviewItem;
  link: (entityRef: string) => string;
  /** Whether the cost plugin is installed (and the row has a cost column). */
  withCost: boolean;
}) {
  const { item, link, withCost } = props;
  const deployment = item.lastDeployment;
  return (
    <TableRow data-testid="team-health-row" data-entity-ref={item.entityRef}>
      <TableCell component="th" scope="row">
        <Link to={link(item.entityRef)}>
          {item.title ?? item.entityRef.split('/').pop()}
        </Link>
      </TableCell>
      <TableCell>
        <LevelChip level={item.level} />
        <Trend item={item} />
      </TableCell>
      <TableCell data-column="deployment">
        {deployment ? (
          <>
            <Typography variant="body2">
              {deployment.version ?? 'unversioned'}
              {deployment.status === 'failed' ? ' (failed)' : ''}
            </Typography>
            <Typography variant="caption" color="textSecondary">
              {formatAge(deployment.finishedAt)}
            </Typography>
          </>
        ) : (
          <Typography variant="body2" color="textSecondary">
            None yet
          </Typography>
        )}
      </TableCell>
      <TableCell data-column="pipeline">
        {item.pipelineStatus ? (
          <>
            <RunStatus status={item.pipelineStatus} />
            {item.defaultBranchRun && (
              <Typography
                variant="caption"
                color="textSecondary"
                component="div"
              >
                <RunLink run={item.defaultBranchRun} />
              </Typography>
            )}
          </>
        ) : (
          <Typography variant="body2" color="textSecondary">
            No runs in 90 days
          </Typography>
        )}
      </TableCell>
      {withCost && (
        <TableCell data-column="cost">
          <CostCell entityRef={item.entityRef} />
        </TableCell>
      )}
    </TableRow>
  );
}

/**
 * A team's services at a glance, for the top of its Group page: DORA level, last production
 * deployment, main pipeline and trend per service, worst first (see
 * {@link compareWorstFirst}: failing main pipeline, then lowest DORA level, then a failed or
 * missing last deployment, then most figures worsened, then longest since deploying). One
 * request to the delivery overview, filtered by the team as owner; when the cost plugin is
 * installed, one more to its cost overview for the 30-day cost of all the listed services
 * (the same window).
 */
export function EntityTeamHealthCard() {
  const { entity } = useEntity();
  const ownerRef = stringifyEntityRef(entity);
  const link = useDeliveryTabLink();
  // One window for both requests, fixed for the card's life.
  const [period] = useState(() => lastDays(30));
  const { value, loading, error } = useTeamHealth(ownerRef, period);
  const rowCosts = useRowCosts(period);
  const loadCosts = rowCosts?.load;
  useEffect(() => {
    if (loadCosts && value) {
      loadCosts(value.items.map(item => item.entityRef));
    }
  }, [loadCosts, value]);
  const classes = useCompactTableStyles();
  let content;
  if (loading) {
    content = (
      <Box aria-label="Loading" role="progressbar">
        <Skeleton variant="text" />
        <Skeleton variant="text" />
        <Skeleton variant="text" />
      </Box>
    );
  } else if (error) {
    content = (
      <Typography variant="body2" color="error">
        Unavailable: {error.message}
      </Typography>
    );
  } else if (!value || value.items.length === 0) {
    content = (
      <Typography variant="body2" color="textSecondary">
        None of this team's services has delivery events yet: let their CI post
        deployments and pipeline runs to /api/delivery/events (see a service's
        Delivery tab).
      </Typography>
    );
  } else {
    content = (
      <>
        <Box overflow="auto">
          <Table
            size="small"
            aria-label="The team's services, worst first"
            className={classes.table}
          >
            <TableHead>
              <TableRow>
                <TableCell>Service</TableCell>
                <TableCell>DORA level, trend</TableCell>
                <TableCell>Production deployment</TableCell>
                <TableCell>Main pipeline</TableCell>
                {rowCosts && <TableCell>30-day cost</TableCell>}
              </TableRow>
            </TableHead>
            <RowCostsProvider value={rowCosts?.costs}>
              <TableBody>
                {value.items.map(item => (
                  <ServiceRow
                    key={item.entityRef}
                    item={item}
                    link={link}
                    withCost={rowCosts !== undefined}
                  />
                ))}
              </TableBody>
            </RowCostsProvider>
          </Table>
        </Box>
        {value.totalCount > value.items.length && (
          <Typography variant="caption" color="textSecondary">
            The {value.items.length} of {value.totalCount} services that rank
            worst by DORA level.
          </Typography>
        )}
      </>
    );
  }
  return (
    <InfoCard
      title="Services' health"
      subheader="Worst first: failing main pipeline, then lowest DORA level, then failed or missing deployment, then most figures worse than the previous 30 days"
      variant="gridItem"
    >
      <Box data-testid="team-health-card">{content}</Box>
    </InfoCard>
  );
}
