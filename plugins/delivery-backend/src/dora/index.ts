export {
  computeDora,
  listDoraDeployments,
  DEFAULT_INCIDENT_ATTRIBUTION_WINDOW_HOURS,
} from './computeDora';
export {
  checkSeriesOptions,
  computeDoraSeries,
  MAX_SERIES_BUCKETS,
  seriesBucketBounds,
  seriesBuckets,
} from './computeDoraSeries';
export { isHotfix } from './analyzeDeployments';
export { PERCENTILE_METHOD, percentile, median } from './statistics';
export {
  DORA_BENCHMARKS,
  DEFAULT_BENCHMARK,
  getBenchmarkSet,
  gradeMetric,
} from './benchmarks';
export type {
  PerformanceLevel,
  BenchmarkBand,
  MetricBenchmark,
  DoraBenchmarkSet,
} from './benchmarks';
export type * from './types';
