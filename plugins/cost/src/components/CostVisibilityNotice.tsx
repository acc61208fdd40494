import { EmptyState } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import { costOrganizationReadPermission } from '@runway/plugin-cost-common';

/** Whether the cost backend refused the request for want of a permission (403). */
export function isForbidden(error: unknown): boolean {
  return (error as { statusCode?: number } | undefined)?.statusCode === 403;
}

/** A line above figures that leave out other teams' cost. */
export function TeamCostNote() {
  return (
    <Typography
      variant="body2"
      color="textSecondary"
      data-testid="cost-teams-only"
    >
      Only your teams' figures are shown: the cost of what other teams own is
      left out. The organisation-wide view needs the permission{' '}
      {costOrganizationReadPermission.name}.
    </Typography>
  );
}

/** What a caller sees instead of cost the backend refused them (403), with its reason. */
export function CostForbiddenState(props: { title: string; error: unknown }) {
  const reason = (props.error as Error | undefined)?.message;
  return (
    <EmptyState
      missing="info"
      title={props.title}
      description={
        <span data-testid="cost-forbidden">
          {reason ? `${reason}. ` : ''}The platform team (runway.admins) holds
          the permission {costOrganizationReadPermission.name}; your teams' cost
          is on the Cost tab of what they own.
        </span>
      }
    />
  );
}
