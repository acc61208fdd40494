import type {
  DeploymentEvent,
  DeploymentStatus,
  PipelineRunEvent,
  PipelineRunStatus,
} from '@runway/plugin-delivery-common';
import { z } from 'zod';
import { toUtcInstant } from '../time';
import { AdapterResult, emptyAdapterResult } from '../types';
import { instantSchema, mappedEvent, parsePayload } from '../payload';
import { mapPush, pushCommitSchema, repositoryHint } from '../pushes';
import { zodIssuesToErrors } from '../zodErrors';

/** The GitHub events Runway maps (value of the `X-GitHub-Event` header). */
export const GITHUB_MAPPED_EVENTS = [
  'workflow_run',
  'deployment',
  'deployment_status',
  'push',
  'pull_request',
] as const;

const repository = z.object({ full_name: z.string().min(1) });

const workflowRunPayload = z.object({
  action: z.string(),
  repository,
  workflow: z.object({ name: z.string().nullish() }).nullish(),
  workflow_run: z.object({
    id: z.number().int(),
    name: z.string().nullish(),
    path: z.string().nullish(),
    workflow_id: z.number().int(),
    status: z.string().nullish(),
    conclusion: z.string().nullish(),
    run_attempt: z.number().int().positive().nullish(),
    head_branch: z.string().nullish(),
    head_sha: z.string().min(1),
    html_url: z.string().min(1),
    created_at: instantSchema,
    run_started_at: instantSchema.nullish(),
    updated_at: instantSchema,
  }),
});

const deploymentPayload = z.object({
  action: z.string(),
  repository,
  deployment: z.object({
    id: z.number().int(),
    sha: z.string().min(1),
    ref: z.string().min(1),
    environment: z.string().min(1),
    created_at: instantSchema,
    payload: z.unknown().optional(),
  }),
});

const deploymentStatusPayload = deploymentPayload.extend({
  deployment_status: z.object({
    id: z.number().int(),
    state: z.string(),
    environment: z.string().nullish(),
    created_at: instantSchema,
  }),
});

const pushPayload = z.object({
  ref: z.string(),
  after: z.string(),
  deleted: z.boolean().optional(),
  repository,
  commits: z.array(pushCommitSchema),
});

const pullRequestPayload = z.object({
  action: z.string(),
  repository,
  pull_request: z.object({
    id: z.number().int(),
    number: z.number().int(),
    merged: z.boolean().nullish(),
    merged_at: instantSchema.nullish(),
    merge_commit_sha: z.string().nullish(),
    html_url: z.string().nullish(),
    head: z.object({ sha: z.string().min(1) }),
    base: z.object({ ref: z.string().min(1) }),
  }),
});

/** Optional Runway fields in a deployment's `payload`, set by whoever creates the deployment. */
const runwayDeploymentPayload = z.object({
  entityRef: z.string().min(1).optional(),
  rollbackOf: z.string().min(1).optional(),
});

const RUN_STATUS: Record<string, PipelineRunStatus> = {
  requested: 'queued',
  queued: 'queued',
  waiting: 'queued',
  pending: 'queued',
  in_progress: 'running',
};

/** deployment_status states that end a deployment; the others (pending, queued, in_progress, inactive) do not. */
const DEPLOYMENT_STATE_STATUS: Record<string, DeploymentStatus> = {
  success: 'succeeded',
  failure: 'failed',
  error: 'failed',
};

const CONCLUSION_STATUS: Record<string, PipelineRunStatus> = {
  success: 'succeeded',
  failure: 'failed',
  timed_out: 'failed',
  startup_failure: 'failed',
  cancelled: 'cancelled',
};

/**
 * Maps one GitHub webhook delivery. `eventName` is the `X-GitHub-Event` header; verify the
 * signature with {@link verifyGithubSignature} before calling this.
 */
export function mapGithubWebhook(
  eventName: string | undefined,
  payload: unknown,
): AdapterResult {
  const result = emptyAdapterResult();
  switch (eventName) {
    case undefined:
    case '':
      result.errors.push({
        path: 'X-GitHub-Event',
        message: 'header is required: it names the event in the body',
      });
      break;
    case 'workflow_run':
      parsePayload(workflowRunPayload, payload, result, mapWorkflowRun);
      break;
    case 'deployment':
      parsePayload(deploymentPayload, payload, result, () =>
        result.ignored.push({
          path: '',
          reason:
            'deployment created: it is recorded when a deployment_status reports success, failure or error',
        }),
      );
      break;
    case 'deployment_status':
      parsePayload(
        deploymentStatusPayload,
        payload,
        result,
        mapDeploymentStatus,
      );
      break;
    case 'push':
      parsePayload(pushPayload, payload, result, mapGithubPush);
      break;
    case 'pull_request':
      parsePayload(pullRequestPayload, payload, result, mapPullRequest);
      break;
    case 'ping':
      result.ignored.push({ path: '', reason: 'ping: the webhook is set up' });
      break;
    default:
      result.ignored.push({
        path: '',
        reason: `GitHub event "${eventName}" is not mapped; Runway maps ${GITHUB_MAPPED_EVENTS.join(
          ', ',
        )}`,
      });
  }
  return result;
}

function mapWorkflowRun(
  payload: z.infer<typeof workflowRunPayload>,
  result: AdapterResult,
): void {
  const run = payload.workflow_run;
  const status = runStatus(run.status, run.conclusion);
  if ('ignored' in status) {
    result.ignored.push({ path: 'workflow_run', reason: status.ignored });
    return;
  }
  const attempt = run.run_attempt ?? 1;
  const final = run.status === 'completed';
  const event: Omit<PipelineRunEvent, 'entityRef'> = {
    type: 'pipelineRun',
    // Each attempt is its own run: a failed attempt followed by a green retry is what makes a pipeline flaky.
    id: `github:workflow_run:${run.id}:${attempt}`,
    pipeline:
      run.name ||
      payload.workflow?.name ||
      run.path ||
      `workflow ${run.workflow_id}`,
    status: status.status,
    attempt,
    startedAt: toUtcInstant(run.run_started_at ?? run.created_at),
    url: run.html_url,
    commitSha: run.head_sha,
  };
  if (run.head_branch) {
    event.branch = run.head_branch;
  }
  if (final) {
    event.finishedAt = toUtcInstant(run.updated_at);
  }
  const repo = payload.repository.full_name;
  result.events.push({
    ...mappedEvent('github', event, repositoryHint('github', repo)),
    pushLookup: { provider: 'github', repository: repo, headSha: run.head_sha },
  });
}

/** The run status, or the reason it is not one Runway records. */
function runStatus(
  status: string | null | undefined,
  conclusion: string | null | undefined,
): { status: PipelineRunStatus } | { ignored: string } {
  if (status !== 'completed') {
    const mappedStatus = RUN_STATUS[status ?? ''];
    return mappedStatus
      ? { status: mappedStatus }
      : {
          ignored: `workflow_run status "${status}" is not one Runway records`,
        };
  }
  const final = conclusion ? CONCLUSION_STATUS[conclusion] : undefined;
  if (final) {
    return { status: final };
  }
  return {
    ignored: conclusion
      ? `workflow_run conclusion "${conclusion}" is neither a success nor a failure (action_required, neutral, skipped and stale are not recorded)`
      : 'workflow_run completed without a conclusion',
  };
}

function mapDeploymentStatus(
  payload: z.infer<typeof deploymentStatusPayload>,
  result: AdapterResult,
): void {
  const { deployment, deployment_status: deploymentStatus } = payload;
  const state = deploymentStatus.state;
  const status = DEPLOYMENT_STATE_STATUS[state];
  if (!status) {
    result.ignored.push({
      path: 'deployment_status.state',
      reason: `deployment_status "${state}" is not final: a deployment is recorded on success, failure or error`,
    });
    return;
  }
  const runway = runwayDeploymentPayload.safeParse(
    isObject(deployment.payload) ? deployment.payload : {},
  );
  if (!runway.success) {
    result.errors.push(
      ...zodIssuesToErrors(runway.error.issues).map(e => ({
        ...e,
        path: `deployment.payload.${e.path}`,
      })),
    );
    return;
  }
  const repo = payload.repository.full_name;
  const ref = deployment.ref.replace(/^refs\/(heads|tags)\//, '');
  const event: Omit<DeploymentEvent, 'entityRef'> = {
    type: 'deployment',
    id: `github:deployment:${deployment.id}`,
    environment: deploymentStatus.environment || deployment.environment,
    status,
    startedAt: toUtcInstant(deployment.created_at),
    finishedAt: toUtcInstant(deploymentStatus.created_at)!,
    commitSha: deployment.sha,
    labels: { ref },
  };
  if (runway.data.rollbackOf) {
    event.rollbackOf = runway.data.rollbackOf;
  }
  result.events.push({
    ...mappedEvent(
      'github',
      event,
      runway.data.entityRef
        ? { kind: 'entityRef', entityRef: runway.data.entityRef }
        : repositoryHint('github', repo),
    ),
    commitsLookup: {
      provider: 'github',
      repository: repo,
      ref,
      sha: deployment.sha,
    },
  });
}

function mapGithubPush(
  payload: z.infer<typeof pushPayload>,
  result: AdapterResult,
): void {
  mapPush(
    {
      provider: 'github',
      repository: payload.repository.full_name,
      ref: payload.ref,
      after: payload.after,
      commits: payload.commits,
      deletedBy: payload.deleted ? 'deleted' : undefined,
    },
    result,
  );
}

function mapPullRequest(
  payload: z.infer<typeof pullRequestPayload>,
  result: AdapterResult,
): void {
  const pr = payload.pull_request;
  if (payload.action !== 'closed') {
    result.ignored.push({
      path: 'action',
      reason: `pull_request "${payload.action}": only merged pull requests are recorded`,
    });
    return;
  }
  if (!pr.merged || !pr.merged_at) {
    result.ignored.push({
      path: 'pull_request.merged',
      reason: 'pull request closed without merge',
    });
    return;
  }
  const repo = payload.repository.full_name;
  result.changes.push({
    source: 'github',
    id: `github:pull_request:${pr.id}`,
    repository: repo,
    mergedAt: toUtcInstant(pr.merged_at)!,
    headSha: pr.head.sha,
    ...(pr.merge_commit_sha ? { mergeCommitSha: pr.merge_commit_sha } : {}),
    targetBranch: pr.base.ref,
    ...(pr.html_url ? { url: pr.html_url } : {}),
    entity: repositoryHint('github', repo),
  });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
