import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  EmptyState,
  InfoCard,
  Link,
  LinkButton,
  MarkdownContent,
  Progress,
  ResponseErrorPanel,
  StatusOK,
  StatusWarning,
  StructuredMetadataTable,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { EntityRefLink, useEntity } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import {
  EntityDrift,
  TEMPLATE_ANNOTATION,
  TEMPLATE_VERSION_ANNOTATION,
} from '@runway/plugin-golden-paths-common';
import useAsync from 'react-use/esm/useAsync';
import { goldenPathsApiRef } from '../../api';
import { isGoldenPathAvailable } from '../../isGoldenPathAvailable';

const TITLE = 'Golden path';
/** The template that opens a pull request bringing a repository onto the current golden path. */
export const RETROFIT_TEMPLATE_PATH = '/create/templates/default/retrofit';

const version = (value: string | undefined) => (value ? `v${value}` : 'none');

function StatusLine({ drift }: { drift: EntityDrift }) {
  switch (drift.status) {
    case 'upgrade-available':
      return (
        // Outlined in the theme's text colour: a filled secondary chip (white on pink) fails
        // WCAG colour contrast.
        <Chip
          variant="outlined"
          size="small"
          label="Upgrade available"
          data-testid="golden-path-upgrade-chip"
        />
      );
    case 'current':
      return <StatusOK>Up to date with the template</StatusOK>;
    case 'ahead':
      return (
        <StatusWarning>
          Ahead of the template: {version(drift.recordedVersion)} is newer than
          the template's {version(drift.currentVersion)}
        </StatusWarning>
      );
    case 'unversioned':
      return (
        <StatusWarning>
          No valid {TEMPLATE_VERSION_ANNOTATION} recorded: set it to the
          template version this service was created from (semver, e.g. 1.0.0)
        </StatusWarning>
      );
    default:
      return (
        <StatusWarning>
          Template {drift.templateRef} is not in the catalog or carries no valid{' '}
          {TEMPLATE_VERSION_ANNOTATION}
        </StatusWarning>
      );
  }
}

function Changes({ drift }: { drift: EntityDrift }) {
  return (
    <Box mt={2}>
      <Typography variant="subtitle1">
        What changed since {version(drift.recordedVersion)}
      </Typography>
      {drift.changelogError && (
        <Typography variant="body2" color="textSecondary">
          The template's changelog could not be read: {drift.changelogError}
        </Typography>
      )}
      {!drift.changelogError && drift.changes.length === 0 && (
        <Typography variant="body2" color="textSecondary">
          The template's CHANGELOG.md has no entries for these versions.
        </Typography>
      )}
      {drift.changes.map(entry => (
        <Box key={entry.version} mt={1}>
          <Typography variant="h6" component="h3">
            {version(entry.version)}
          </Typography>
          <MarkdownContent content={entry.body} dialect="gfm" />
        </Box>
      ))}
      <Box mt={2}>
        <Typography variant="body2">
          To upgrade, run the{' '}
          <Link to={RETROFIT_TEMPLATE_PATH} underline="always">
            Retrofit template
          </Link>{' '}
          on this service's repository: it opens a pull request bringing CI,
          security scans, deployment and monitoring up to the current version.
        </Typography>
      </Box>
    </Box>
  );
}

function GoldenPathDetails({ drift }: { drift: EntityDrift }) {
  const knownTemplate = drift.status !== 'unknown-template';
  return (
    <>
      <StructuredMetadataTable
        dense
        metadata={{
          template: knownTemplate ? (
            <EntityRefLink
              entityRef={drift.templateRef}
              title={drift.templateTitle}
            />
          ) : (
            drift.templateRef
          ),
          'created from': version(drift.recordedVersion),
          'current version': version(drift.currentVersion),
        }}
      />
      <Box mt={1}>
        <StatusLine drift={drift} />
      </Box>
      {drift.status === 'upgrade-available' && <Changes drift={drift} />}
    </>
  );
}

/**
 * The "Golden path" card of an entity created from a software template: the template and the
 * version the entity was created from, the template's current version, and when the template
 * has moved on, "Upgrade available" with its changelog in between.
 */
export function EntityGoldenPathCard() {
  const { entity } = useEntity();
  const goldenPathsApi = useApi(goldenPathsApiRef);
  const entityRef = stringifyEntityRef(entity);
  const fromTemplate = isGoldenPathAvailable(entity);
  const { value, loading, error } = useAsync(
    async () =>
      fromTemplate ? goldenPathsApi.getEntityDrift({ entityRef }) : undefined,
    [goldenPathsApi, entityRef, fromTemplate],
  );

  if (!fromTemplate) {
    return (
      <InfoCard title={TITLE}>
        <EmptyState
          missing="field"
          title="Not created from a golden-path template"
          description={`Services created from a Runway template record it in the ${TEMPLATE_ANNOTATION} and ${TEMPLATE_VERSION_ANNOTATION} annotations of their catalog-info.yaml. To bring an existing repository onto the golden path, run the Retrofit template.`}
          action={
            <LinkButton
              variant="contained"
              color="primary"
              to={RETROFIT_TEMPLATE_PATH}
            >
              Open the Retrofit template
            </LinkButton>
          }
        />
      </InfoCard>
    );
  }
  if (loading) {
    return (
      <InfoCard title={TITLE}>
        <Progress />
      </InfoCard>
    );
  }
  if (error) {
    return (
      <InfoCard title={TITLE}>
        <ResponseErrorPanel error={error} />
      </InfoCard>
    );
  }
  return (
    <InfoCard title={TITLE}>
      {value && <GoldenPathDetails drift={value} />}
    </InfoCard>
  );
}
