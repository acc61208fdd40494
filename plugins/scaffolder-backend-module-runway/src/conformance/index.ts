export { checkConformance } from './checkConformance';
export { filesFromMap, readDirectoryFiles } from './directoryFiles';
export type {
  CheckResult,
  CiSystem,
  ConformanceReport,
  RepositoryFiles,
} from './types';
