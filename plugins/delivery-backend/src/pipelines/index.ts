export {
  computeDefaultBranchHeads,
  computePipelineState,
  PIPELINE_STATS_WINDOW_DAYS,
  RECENT_RUNS_PER_PIPELINE,
} from './computePipelineState';
export type * from './types';
