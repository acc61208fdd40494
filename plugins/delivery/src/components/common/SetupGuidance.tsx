import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { CodeSnippet, EmptyState } from '@backstage/core-components';
import { discoveryApiRef, useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';

/** Annotations that let webhooks from a repository find this entity. */
export const REPOSITORY_ANNOTATIONS = [
  'github.com/project-slug',
  'gitlab.com/project-slug',
];

export type MissingEvents = 'deployments' | 'pipelineRuns';

function exampleEvent(
  what: MissingEvents,
  entityRef: string,
  environment: string,
) {
  const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  return what === 'deployments'
    ? {
        type: 'deployment',
        id: 'deploy-1',
        entityRef,
        environment,
        status: 'succeeded',
        finishedAt: now,
        version: '1.0.0',
        commitSha: '<sha>',
        commits: [{ sha: '<sha>', timestamp: now }],
      }
    : {
        type: 'pipelineRun',
        id: 'ci-1',
        entityRef,
        pipeline: 'ci',
        branch: 'main',
        status: 'succeeded',
        startedAt: now,
        finishedAt: now,
        url: 'https://ci.example.com/runs/1',
      };
}

/**
 * What a card shows when no events arrived: which annotation is missing, if any, and a
 * ready-to-copy way to send events (webhook URL, curl).
 */
export function SetupGuidance(props: {
  entity: Entity;
  what: MissingEvents;
  title: string;
  /** Deployments: the environment picked. */
  environment?: string;
}) {
  const { entity, what, title, environment = 'production' } = props;
  const discoveryApi = useApi(discoveryApiRef);
  const { value: baseUrl = '<backstage-backend>/api/delivery' } = useAsync(
    () => discoveryApi.getBaseUrl('delivery'),
    [discoveryApi],
  );
  const entityRef = stringifyEntityRef(entity);
  const annotations = entity.metadata.annotations ?? {};
  const repositoryAnnotation = REPOSITORY_ANNOTATIONS.find(
    name => annotations[name],
  );
  const provider = repositoryAnnotation?.startsWith('gitlab')
    ? 'gitlab'
    : 'github';
  const curl = [
    `curl -X POST '${baseUrl}/events' \\`,
    `  -H 'Authorization: Bearer <token>' \\`,
    `  -H 'Content-Type: application/json' \\`,
    `  -d '${JSON.stringify(exampleEvent(what, entityRef, environment))}'`,
  ].join('\n');
  const noun =
    what === 'deployments' ? `deployments to ${environment}` : 'pipeline runs';

  return (
    <EmptyState
      missing="data"
      title={title}
      description={
        repositoryAnnotation
          ? `No ${noun} arrived for ${entityRef} yet. Point the repository's webhook at Runway, or post events from your CI with a static token.`
          : `No ${noun} arrived for ${entityRef}, and it has no repository annotation (${REPOSITORY_ANNOTATIONS.join(
              ' or ',
            )}), so webhooks cannot find it. Add the annotation, or post events from your CI with a static token.`
      }
      action={
        <Box maxWidth={720}>
          {!repositoryAnnotation && (
            <>
              <Typography variant="subtitle2" component="p">
                1. Add to catalog-info.yaml:
              </Typography>
              <CodeSnippet
                language="yaml"
                showCopyCodeButton
                text={`metadata:\n  annotations:\n    github.com/project-slug: <org>/<repository>`}
              />
            </>
          )}
          <Typography variant="subtitle2" component="p">
            {repositoryAnnotation ? '1.' : '2.'} Webhook URL for{' '}
            {provider === 'gitlab' ? 'GitLab' : 'GitHub'} (
            {provider === 'gitlab'
              ? 'Pipeline and Deployment events'
              : 'workflow runs, deployments and deployment statuses'}
            ):
          </Typography>
          <CodeSnippet
            language="text"
            showCopyCodeButton
            text={`${baseUrl}/webhooks/${provider}`}
          />
          <Typography variant="subtitle2" component="p">
            Or post an event from CI (CDEvents go to {baseUrl}/cdevents):
          </Typography>
          <CodeSnippet language="bash" showCopyCodeButton text={curl} />
        </Box>
      }
    />
  );
}
