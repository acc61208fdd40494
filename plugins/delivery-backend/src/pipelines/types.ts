import {
  DefaultBranchState,
  PipelineRunEvent,
  PipelineState,
  PipelineStates,
} from '@runway/plugin-delivery-common';

// The shapes of the pipeline view are the API's (delivery-common, generated from
// openapi.yaml): computed here, returned as they are.
export type {
  DefaultBranchState,
  FlakyRetry,
  PipelineRunSummary,
  PipelineState,
  PipelineWindowStats,
} from '@runway/plugin-delivery-common';

/** What the pipeline state is computed from. */
export interface PipelineStateInput {
  /** Runs of one entity or of several (a Group's union); pipelines are kept apart per entity. */
  runs: readonly PipelineRunEvent[];
  /** The instant the state is computed at (ISO-8601); the 30-day statistics end here. */
  now: string;
  /**
   * The default branch. When omitted it is chosen per pipeline: `main` if the pipeline ran
   * on it, else `master`, else the branch with most runs.
   */
  defaultBranch?: string;
}

/** The pipeline state of a set of runs: the API's answer before it names its entity. */
export type PipelineStateResult = Omit<PipelineStates, 'entityRef'>;

/** A pipeline's default branch as it stands: its status and latest run, nothing more. */
export type PipelineHead = Pick<PipelineState, 'entityRef' | 'pipeline'> & {
  defaultBranch: Pick<
    DefaultBranchState,
    'branch' | 'status' | 'latestRun'
  > | null;
};
