import { CodeSnippet, EmptyState } from '@backstage/core-components';
import { configApiRef, useApi } from '@backstage/core-plugin-api';
import { Entity } from '@backstage/catalog-model';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { formatWindow } from '../period';

/** The backend's default `cost.attribution.tagKeys`, used when the frontend cannot see the setting. */
export const DEFAULT_COST_TAG_KEYS = ['backstage-component', 'service', 'app'];

/** Annotations the cost backend reads to attribute cost (see the cost backend's README). */
export const COST_TAGS_ANNOTATION = 'runway.dev/cost-tags';
export const COST_ACCOUNTS_ANNOTATION = 'runway.dev/cost-accounts';

function whatCounts(entity: Entity): string {
  switch (entity.kind.toLocaleLowerCase('en-US')) {
    case 'system':
      return 'A system costs what its components and resources cost, plus the cloud accounts mapped to it.';
    case 'group':
      return 'A team costs what it owns (components, systems, resources) and what is part of the systems it owns.';
    default:
      return 'A component costs what is tagged with its name in the cloud provider’s FOCUS export.';
  }
}

/**
 * Says why an entity shows no cost and what to set up: a tag on the cloud resources, the
 * annotation listing tag values or accounts, or a FOCUS source in the backend.
 */
export function CostSetupEmptyState(props: {
  entity: Entity;
  from: string;
  to: string;
}) {
  const { entity, from, to } = props;
  const configApi = useApi(configApiRef);
  const tagKeys =
    configApi.getOptionalStringArray('cost.attribution.tagKeys') ??
    DEFAULT_COST_TAG_KEYS;
  const name = entity.metadata.name;
  const tagSnippet = JSON.stringify({ [tagKeys[0]]: name });
  const annotationSnippet = [
    'metadata:',
    '  annotations:',
    `    ${COST_TAGS_ANNOTATION}: ${name}`,
    `    # or the cloud accounts (AWS account, Azure subscription, GCP project) that are ${name}'s alone:`,
    `    # ${COST_ACCOUNTS_ANNOTATION}: '123456789012'`,
  ].join('\n');
  return (
    <EmptyState
      missing="data"
      title={`No cost attributed to ${
        entity.metadata.title ?? name
      } for ${formatWindow(from, to)}`}
      description={`${whatCounts(
        entity,
      )} Cost reaches an entity through a tag on the cloud resources (keys ${tagKeys.join(
        ', ',
      )}, first match wins), the ${COST_TAGS_ANNOTATION} or ${COST_ACCOUNTS_ANNOTATION} annotation, or an account rule. Pick a longer period if the spend is older.`}
      action={
        <Box maxWidth={720}>
          <Typography variant="subtitle2">
            1. Tag the cloud resources (FOCUS Tags column)
          </Typography>
          <CodeSnippet text={tagSnippet} language="json" showCopyCodeButton />
          <Typography variant="subtitle2">
            2. Or point at tags or accounts you already have, in
            catalog-info.yaml
          </Typography>
          <CodeSnippet
            text={annotationSnippet}
            language="yaml"
            showCopyCodeButton
          />
          <Typography variant="body2" color="textSecondary">
            No FOCUS export imported yet? The Cost allocation report (Cost in
            the sidebar) shows the import history and how to add a source.
          </Typography>
        </Box>
      }
    />
  );
}
