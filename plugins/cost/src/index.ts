/**
 * Runway's cost plugin: the Cost tab of components, systems and groups, and the cost
 * allocation report. The new frontend system uses the default export of `./alpha`.
 *
 * @packageDocumentation
 */
export {
  costPlugin,
  CostAllocationPage,
  EntityCostCard,
  EntityCostContent,
} from './plugin';
export { costApiRef } from './api';
