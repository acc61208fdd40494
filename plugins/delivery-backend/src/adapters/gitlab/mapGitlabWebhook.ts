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

/** The GitLab hooks Runway maps (value of the `X-Gitlab-Event` header). */
export const GITLAB_MAPPED_HOOKS = [
  'Pipeline Hook',
  'Deployment Hook',
  'Merge Request Hook',
  'Push Hook',
] as const;

const project = z.object({
  id: z.number().int(),
  path_with_namespace: z.string().min(1),
  web_url: z.string().nullish(),
});

const pipelineHook = z.object({
  object_attributes: z.object({
    id: z.number().int(),
    name: z.string().nullish(),
    ref: z.string().min(1),
    tag: z.boolean().nullish(),
    sha: z.string().min(1),
    status: z.string().min(1),
    created_at: instantSchema,
    finished_at: instantSchema.nullish(),
    url: z.string().nullish(),
  }),
  project,
});

const deploymentHook = z.object({
  status: z.string().min(1),
  status_changed_at: instantSchema,
  deployment_id: z.number().int(),
  environment: z.string().min(1),
  environment_tier: z.string().nullish(),
  deployable_url: z.string().nullish(),
  ref: z.string().nullish(),
  commit_url: z.string().nullish(),
  short_sha: z.string().nullish(),
  project,
});

const mergeRequestHook = z.object({
  object_attributes: z.object({
    id: z.number().int(),
    iid: z.number().int(),
    action: z.string().nullish(),
    state: z.string(),
    target_branch: z.string().min(1),
    updated_at: instantSchema,
    merge_commit_sha: z.string().nullish(),
    url: z.string().nullish(),
    last_commit: z.object({ id: z.string().min(1) }).nullish(),
  }),
  project,
});

const pushHook = z.object({
  ref: z.string().min(1),
  after: z.string(),
  total_commits_count: z.number().int().nullish(),
  project,
  commits: z.array(pushCommitSchema),
});

const PIPELINE_STATUS: Record<string, PipelineRunStatus> = {
  created: 'queued',
  waiting_for_resource: 'queued',
  preparing: 'queued',
  pending: 'queued',
  scheduled: 'queued',
  running: 'running',
  success: 'succeeded',
  failed: 'failed',
  canceled: 'cancelled',
  canceling: 'cancelled',
};

/** Deployment statuses that end a deployment; running, created, canceled and blocked do not. */
const DEPLOYMENT_STATUS: Record<string, DeploymentStatus> = {
  success: 'succeeded',
  failed: 'failed',
};

const FINAL_PIPELINE_STATUSES = new Set(['success', 'failed', 'canceled']);

/** Pipelines without `workflow:name` share this name. */
const DEFAULT_PIPELINE_NAME = 'gitlab-ci';

const NO_COMMIT_SHA = /^0+$/;

/**
 * Maps one GitLab webhook delivery. `hook` is the `X-Gitlab-Event` header; check the token with
 * {@link verifyGitlabToken} before calling this.
 */
export function mapGitlabWebhook(
  hook: string | undefined,
  payload: unknown,
): AdapterResult {
  const result = emptyAdapterResult();
  switch (hook) {
    case undefined:
    case '':
      result.errors.push({
        path: 'X-Gitlab-Event',
        message: 'header is required: it names the hook in the body',
      });
      break;
    case 'Pipeline Hook':
      parsePayload(pipelineHook, payload, result, mapPipeline);
      break;
    case 'Deployment Hook':
      parsePayload(deploymentHook, payload, result, mapDeployment);
      break;
    case 'Merge Request Hook':
      parsePayload(mergeRequestHook, payload, result, mapMergeRequest);
      break;
    case 'Push Hook':
      parsePayload(pushHook, payload, result, mapGitlabPush);
      break;
    default:
      result.ignored.push({
        path: '',
        reason: `GitLab hook "${hook}" is not mapped; Runway maps ${GITLAB_MAPPED_HOOKS.join(
          ', ',
        )}`,
      });
  }
  return result;
}

function mapPipeline(
  payload: z.infer<typeof pipelineHook>,
  result: AdapterResult,
): void {
  const pipeline = payload.object_attributes;
  const status = PIPELINE_STATUS[pipeline.status];
  if (!status) {
    result.ignored.push({
      path: 'object_attributes.status',
      reason: `pipeline status "${pipeline.status}" is not one Runway records (skipped and manual pipelines did not run)`,
    });
    return;
  }
  const event: Omit<PipelineRunEvent, 'entityRef'> = {
    type: 'pipelineRun',
    id: `gitlab:pipeline:${payload.project.id}:${pipeline.id}`,
    pipeline: pipeline.name || DEFAULT_PIPELINE_NAME,
    status,
    // GitLab retries jobs inside the same pipeline: a pipeline has one attempt.
    attempt: 1,
    // The hook carries no start time; creation is the closest it says.
    startedAt: toUtcInstant(pipeline.created_at),
    url:
      pipeline.url ??
      (payload.project.web_url
        ? `${payload.project.web_url}/-/pipelines/${pipeline.id}`
        : undefined),
    commitSha: pipeline.sha,
  };
  if (!pipeline.tag) {
    event.branch = pipeline.ref;
  }
  if (FINAL_PIPELINE_STATUSES.has(pipeline.status) && pipeline.finished_at) {
    event.finishedAt = toUtcInstant(pipeline.finished_at);
  }
  const repository = payload.project.path_with_namespace;
  result.events.push({
    ...mappedEvent('gitlab', event, repositoryHint('gitlab', repository)),
    pushLookup: { provider: 'gitlab', repository, headSha: pipeline.sha },
  });
}

function mapDeployment(
  payload: z.infer<typeof deploymentHook>,
  result: AdapterResult,
): void {
  const status = DEPLOYMENT_STATUS[payload.status];
  if (!status) {
    result.ignored.push({
      path: 'status',
      reason: `deployment status "${payload.status}" is not final: a deployment is recorded when it succeeds or fails`,
    });
    return;
  }
  const repository = payload.project.path_with_namespace;
  const sha = commitShaOf(payload.commit_url);
  const event: Omit<DeploymentEvent, 'entityRef'> = {
    type: 'deployment',
    id: `gitlab:deployment:${payload.project.id}:${payload.deployment_id}`,
    environment: payload.environment,
    status,
    finishedAt: toUtcInstant(payload.status_changed_at)!,
    commitSha: sha ?? payload.short_sha ?? undefined,
  };
  if (payload.environment_tier) {
    event.labels = { environmentTier: payload.environment_tier };
  }
  const ref = payload.ref || undefined;
  result.events.push({
    ...mappedEvent('gitlab', event, repositoryHint('gitlab', repository)),
    ...(sha
      ? {
          commitsLookup: {
            provider: 'gitlab' as const,
            repository,
            sha,
            ...(ref ? { ref } : {}),
          },
        }
      : {}),
  });
}

/** The hook gives the deployed commit only inside `commit_url` (`.../-/commit/<sha>`). */
function commitShaOf(commitUrl: string | null | undefined): string | undefined {
  const match = commitUrl
    ? /\/commit\/([0-9a-f]{40})\/?$/.exec(commitUrl)
    : null;
  return match ? match[1] : undefined;
}

function mapMergeRequest(
  payload: z.infer<typeof mergeRequestHook>,
  result: AdapterResult,
): void {
  const mr = payload.object_attributes;
  if (mr.action !== 'merge') {
    result.ignored.push({
      path: 'object_attributes.action',
      reason: `merge request "${
        mr.action ?? mr.state
      }": only merges are recorded`,
    });
    return;
  }
  const repository = payload.project.path_with_namespace;
  result.changes.push({
    source: 'gitlab',
    id: `gitlab:merge_request:${mr.id}`,
    repository,
    // The hook has no merged_at: a merge event is sent when the merge updates the request.
    mergedAt: toUtcInstant(mr.updated_at)!,
    ...(mr.last_commit ? { headSha: mr.last_commit.id } : {}),
    ...(mr.merge_commit_sha ? { mergeCommitSha: mr.merge_commit_sha } : {}),
    targetBranch: mr.target_branch,
    ...(mr.url ? { url: mr.url } : {}),
    entity: repositoryHint('gitlab', repository),
  });
}

function mapGitlabPush(
  payload: z.infer<typeof pushHook>,
  result: AdapterResult,
): void {
  const recorded = mapPush(
    {
      provider: 'gitlab',
      repository: payload.project.path_with_namespace,
      ref: payload.ref,
      after: payload.after,
      commits: payload.commits,
      // GitLab deletes a branch with a push whose `after` is all zeros.
      deletedBy: NO_COMMIT_SHA.test(payload.after) ? 'after' : undefined,
    },
    result,
  );
  const total = payload.total_commits_count ?? payload.commits.length;
  if (recorded && total > payload.commits.length) {
    result.ignored.push({
      path: 'total_commits_count',
      reason: `push of ${total} commits: GitLab sends the newest ${payload.commits.length} only, the older ones have no timestamp here`,
    });
  }
}
