import { EmptyState } from '@backstage/core-components';
import { Typography } from '@material-ui/core';
import { EnvironmentCatalogue } from '@runway/plugin-environments-common';

/** Shown instead of what to request while the backend is not configured. */
export function NotConfigured(props: { catalogue: EnvironmentCatalogue }) {
  const keys = props.catalogue.missingConfig ?? [];
  return (
    <EmptyState
      missing="info"
      title="Environments are not set up yet"
      description={
        <>
          <Typography component="span" display="block">
            Nothing can be requested until an administrator configures the
            environments backend in app-config.yaml
            {keys.length > 0 ? `: set ${keys.join(' and ')}` : ''}.
          </Typography>
          <Typography component="span" display="block">
            The @runway/plugin-environments-backend README describes the type
            catalogue and the provisioners.
          </Typography>
        </>
      }
    />
  );
}
