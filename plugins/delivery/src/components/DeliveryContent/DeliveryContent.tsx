import Grid from '@material-ui/core/Grid';
import { EntityDoraCard } from '../DoraCard/DoraCard';
import { EntityOwnershipCard } from '../OwnershipCard/OwnershipCard';
import { EntityPipelinesCard } from '../PipelinesCard/PipelinesCard';

/** Props of {@link EntityDeliveryContent}. @public */
export interface EntityDeliveryContentProps {
  /** Environments the DORA card offers; the first is the default. */
  environments?: string[];
}

/**
 * The Delivery tab of a Component: ownership, pipelines and DORA. The cards load on their
 * own and in parallel, one request each.
 */
export function EntityDeliveryContent(props: EntityDeliveryContentProps) {
  return (
    <Grid container spacing={3} alignItems="stretch">
      <Grid item xs={12} md={5}>
        <EntityOwnershipCard />
      </Grid>
      <Grid item xs={12} md={7}>
        <EntityPipelinesCard />
      </Grid>
      <Grid item xs={12}>
        <EntityDoraCard environments={props.environments} />
      </Grid>
    </Grid>
  );
}
