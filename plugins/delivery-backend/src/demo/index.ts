export { seedDemoHistory, DEMO_HISTORY_DAYS } from './seedDemoHistory';
export {
  generateDemoHistory,
  DEMO_HISTORY_DEFAULT_DAYS,
  DEMO_HISTORY_DEFAULT_SEED,
} from './generateDemoHistory';
export type { GenerateDemoHistoryOptions } from './generateDemoHistory';
export { DEMO_LABEL, DEMO_SERVICE_PROFILES } from './profiles';
export type { DemoServiceProfile, DemoRange } from './profiles';
