import {
  ReactNode,
  useCallback,
  useEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import {
  EmptyState,
  InfoCard,
  Link,
  Progress,
  Table,
  TableColumn,
  WarningPanel,
} from '@backstage/core-components';
import { useApiHolder } from '@backstage/core-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { EntityRefLink, EntityRefLinks } from '@backstage/plugin-catalog-react';
import { environmentsApiRef } from '@runway/plugin-environments';
import type { EnvironmentRequest } from '@runway/plugin-environments-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import {
  healthColumns,
  relativeTime,
  ServiceHealthProvider,
} from '../health/HealthCells';
import { normalizeRef, ServiceHealth } from '../health/useServiceHealth';
import { MyServices } from './useMyServices';

/** How soon an environment's expiry counts as needing attention. */
export const EXPIRY_WARNING_HOURS = 24;

function SectionError(props: {
  what: string;
  error: Error;
  retry: () => void;
}) {
  return (
    <>
      <WarningPanel
        severity="error"
        title={`Could not load ${props.what}`}
        message={props.error.message}
      />
      <Box mt={1}>
        <Button variant="outlined" size="small" onClick={props.retry}>
          Try again
        </Button>
      </Box>
    </>
  );
}

const serviceRef = (entity: Entity) => stringifyEntityRef(entity);

/** "My services": the components of the user's teams, with their health. */
export function MyServicesCard(props: {
  services: MyServices & { retry: () => void };
  health: ServiceHealth;
}) {
  const { services, health } = props;
  const latest = useRef(health);
  latest.current = health;
  const getHealth = useCallback(() => latest.current, []);
  const columns = useMemo<TableColumn<Entity>[]>(
    () => [
      {
        title: 'Service',
        field: 'metadata.name',
        highlight: true,
        customSort: (a, b) =>
          (a.metadata.title ?? a.metadata.name).localeCompare(
            b.metadata.title ?? b.metadata.name,
          ),
        render: entity => <EntityRefLink entityRef={entity} />,
      },
      {
        title: 'Owner',
        field: 'spec.owner',
        render: entity => (
          <EntityRefLinks
            entityRefs={(entity.relations ?? [])
              .filter(relation => relation.type === 'ownedBy')
              .map(relation => relation.targetRef)}
            defaultKind="group"
          />
        ),
      },
      ...healthColumns<Entity>(serviceRef, getHealth),
    ],
    [getHealth],
  );

  let content: ReactNode;
  if (services.state === 'loading') {
    content = <Progress aria-label="Loading my services" />;
  } else if (services.state === 'error') {
    content = (
      <SectionError
        what="your services"
        error={services.error}
        retry={services.retry}
      />
    );
  } else if (services.groupRefs.length === 0) {
    content = (
      <EmptyState
        missing="data"
        title="You are not on a team yet"
        description="My services lists the components your teams own. Ask your platform team to add you to your team's Group in the catalog (its spec.members); your services appear here after you next sign in."
        action={
          <Button
            variant="outlined"
            href="/catalog?filters%5Bkind%5D=group&filters%5Buser%5D=all"
          >
            Browse teams
          </Button>
        }
      />
    );
  } else if (services.services.length === 0) {
    content = (
      <EmptyState
        missing="content"
        title="Your teams own no services yet"
        description="Create a service from a golden path, or register an existing repository's catalog-info.yaml with your team as spec.owner."
        action={
          <Button variant="contained" color="primary" href="/create">
            Create a service
          </Button>
        }
      />
    );
  } else {
    content = (
      <ServiceHealthProvider value={health}>
        <Table<Entity>
          columns={columns}
          data={services.services}
          options={{
            paging: false,
            search: false,
            toolbar: false,
            padding: 'dense',
          }}
        />
      </ServiceHealthProvider>
    );
  }
  return (
    <InfoCard
      title="My services"
      subheader={
        services.state === 'loaded' && services.groupRefs.length > 0 ? (
          <>
            Owned by <EntityRefLinks entityRefs={services.groupRefs} />; DORA
            level and cost over the last 30 days
          </>
        ) : undefined
      }
      noPadding={services.state === 'loaded' && services.services.length > 0}
    >
      <div data-testid="my-services">{content}</div>
    </InfoCard>
  );
}

type Requests =
  | { state: 'loading' }
  | { state: 'error'; error: Error }
  // `more`: the backend has a next page (the list comes a page at a time).
  | { state: 'loaded'; items: EnvironmentRequest[]; more: boolean }
  | { state: 'unavailable' };

function useEnvironmentRequests(
  query: Parameters<
    NonNullable<ReturnType<typeof useEnvironmentsApi>>['listRequests']
  >[0],
): Requests & { retry: () => void } {
  const api = useEnvironmentsApi();
  const [attempt, setAttempt] = useState(0);
  const [result, setResult] = useState<Requests>({ state: 'loading' });
  const key = JSON.stringify(query);
  useEffect(() => {
    if (!api) {
      setResult({ state: 'unavailable' });
      return undefined;
    }
    let current = true;
    setResult({ state: 'loading' });
    api.listRequests(JSON.parse(key)).then(
      list =>
        current &&
        setResult({
          state: 'loaded',
          items: list.items,
          more: list.nextCursor !== undefined,
        }),
      error => current && setResult({ state: 'error', error }),
    );
    return () => {
      current = false;
    };
  }, [api, key, attempt]);
  const retry = useCallback(() => setAttempt(n => n + 1), []);
  return { ...result, retry };
}

function useEnvironmentsApi() {
  return useApiHolder().get(environmentsApiRef);
}

/** "My pending environment approvals": requests waiting for the user's approval. */
export function PendingApprovalsCard() {
  const requests = useEnvironmentRequests({ view: 'pending-approval' });
  let content: ReactNode;
  if (requests.state === 'loading') {
    content = <Progress aria-label="Loading pending approvals" />;
  } else if (requests.state === 'error') {
    content = (
      <SectionError
        what="pending approvals"
        error={requests.error}
        retry={requests.retry}
      />
    );
  } else if (requests.state === 'unavailable') {
    content = (
      <Typography variant="body2" color="textSecondary">
        Self-service environments are not installed in this portal.
      </Typography>
    );
  } else if (requests.items.length === 0) {
    content = (
      <Typography variant="body2" color="textSecondary">
        Nothing is waiting for your approval. When someone requests an
        environment type that needs approval for a service your team owns (or
        whose approvers include you), it appears here.
      </Typography>
    );
  } else {
    content = (
      <List dense disablePadding>
        {requests.items.map(request => (
          <ListItem key={request.id} disableGutters divider>
            <ListItemText
              primary={
                <>
                  <strong>{request.name}</strong> ({request.type},{' '}
                  {request.size}) for{' '}
                  <EntityRefLink entityRef={request.entityRef} />
                </>
              }
              secondary={
                <>
                  Requested by{' '}
                  <EntityRefLink
                    entityRef={request.requestedBy}
                    defaultKind="user"
                  />{' '}
                  <time dateTime={request.createdAt}>
                    {relativeTime(request.createdAt)}
                  </time>
                  {request.purpose ? `: ${request.purpose}` : ''}
                </>
              }
            />
          </ListItem>
        ))}
        {requests.more && (
          <ListItem disableGutters>
            <ListItemText
              secondary={
                <Link to="/environments">More are waiting: see them all</Link>
              }
            />
          </ListItem>
        )}
      </List>
    );
  }
  return (
    <InfoCard
      title="My pending environment approvals"
      deepLink={
        requests.state === 'loaded' && requests.items.length > 0
          ? { title: 'Review in Environments', link: '/environments' }
          : undefined
      }
    >
      <div data-testid="pending-approvals">{content}</div>
    </InfoCard>
  );
}

/** Whether an environment of the user's teams expires within the warning window. */
export function expiresSoon(
  request: EnvironmentRequest,
  now: number = Date.now(),
): boolean {
  if (request.state === 'expiring') {
    return true;
  }
  if (request.state !== 'ready' || !request.expiresAt) {
    return false;
  }
  return (
    new Date(request.expiresAt).getTime() - now <=
    EXPIRY_WARNING_HOURS * 3600 * 1000
  );
}

/**
 * "Needs attention": what is past its SLA among the user's services, failed pipelines on the
 * default branch (from the same delivery figures as My services, no request of its own) and
 * environments of the user's teams about to expire.
 */
export function NeedsAttentionCard(props: {
  services: MyServices & { retry: () => void };
  health: ServiceHealth;
}) {
  const { services, health } = props;
  const environments = useEnvironmentRequests({
    view: 'team',
    states: ['ready', 'expiring'],
    // The largest page: every running environment of the user's teams (their quotas keep
    // that far below), not only the newest 100, of which the expiring ones are the oldest.
    limit: 500,
  });

  const failing = useMemo(() => {
    if (services.state !== 'loaded' || health.delivery.state !== 'loaded') {
      return [];
    }
    const byRef = health.delivery.byRef;
    return services.services.flatMap(entity => {
      const item = byRef.get(normalizeRef(stringifyEntityRef(entity)));
      return item?.pipelineStatus === 'failed' ? [{ entity, item }] : [];
    });
  }, [services, health.delivery]);
  const expiring =
    environments.state === 'loaded'
      ? environments.items.filter(request => expiresSoon(request))
      : [];

  const loading =
    services.state === 'loading' ||
    (services.state === 'loaded' &&
      services.services.length > 0 &&
      health.delivery.state === 'loading') ||
    environments.state === 'loading';
  const errors: ReactNode[] = [];
  if (services.state === 'error') {
    errors.push(
      <SectionError
        key="services"
        what="your services"
        error={services.error}
        retry={services.retry}
      />,
    );
  }
  if (health.delivery.state === 'error') {
    errors.push(
      <WarningPanel
        key="delivery"
        severity="error"
        title="Could not load pipeline states"
        message={health.delivery.error.message}
      />,
    );
  }
  if (environments.state === 'error') {
    errors.push(
      <SectionError
        key="environments"
        what="your teams' environments"
        error={environments.error}
        retry={environments.retry}
      />,
    );
  }

  let content: ReactNode;
  if (loading) {
    content = <Progress aria-label="Loading what needs attention" />;
  } else if (failing.length === 0 && expiring.length === 0) {
    content = errors.length ? null : (
      <Typography variant="body2" color="textSecondary">
        Nothing needs attention: the default branch passes for all your services
        and none of your teams' environments expires in the next{' '}
        {EXPIRY_WARNING_HOURS} hours. Failed pipelines on main and expiring
        environments show up here.
      </Typography>
    );
  } else {
    content = (
      <List dense disablePadding>
        {failing.map(({ entity, item }) => {
          const run = item.defaultBranchRun;
          return (
            <ListItem key={`pipeline:${item.entityRef}`} disableGutters divider>
              <ListItemText
                primary={
                  <>
                    Pipeline failing on{' '}
                    {run?.branch ? <code>{run.branch}</code> : 'main'}:{' '}
                    <EntityRefLink entityRef={entity} />
                  </>
                }
                secondary={
                  run ? (
                    <>
                      {run.pipeline}
                      {run.finishedAt ? (
                        <>
                          {' '}
                          failed{' '}
                          <time dateTime={run.finishedAt}>
                            {relativeTime(run.finishedAt)}
                          </time>
                        </>
                      ) : null}
                      {run.url ? (
                        <>
                          {' · '}
                          <Link to={run.url}>open the run</Link>
                        </>
                      ) : null}
                    </>
                  ) : undefined
                }
              />
            </ListItem>
          );
        })}
        {expiring.map(request => (
          <ListItem key={`env:${request.id}`} disableGutters divider>
            <ListItemText
              primary={
                <>
                  Environment <strong>{request.name}</strong> of{' '}
                  <EntityRefLink entityRef={request.entityRef} /> expires{' '}
                  {request.expiresAt ? (
                    <time dateTime={request.expiresAt}>
                      {relativeTime(request.expiresAt)}
                    </time>
                  ) : (
                    'now'
                  )}
                </>
              }
              secondary="Extend it from Environments if you still need it"
            />
          </ListItem>
        ))}
      </List>
    );
  }
  return (
    <InfoCard title="Needs attention">
      <div data-testid="needs-attention">
        {errors}
        {content}
      </div>
    </InfoCard>
  );
}
