import { EmptyState } from '@backstage/core-components';
import { costOrganizationReadPermission } from '@runway/plugin-cost-common';

/** Whether the cost backend refused the request for want of a permission (403). */
export function isForbidden(error: unknown): boolean {
  return (error as { statusCode?: number } | undefined)?.statusCode === 403;
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
          the permission {costOrganizationReadPermission.name}; each service's
          and team's cost is on its own Cost tab.
        </span>
      }
    />
  );
}
