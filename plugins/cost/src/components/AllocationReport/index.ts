export { CostAllocationPage } from './CostAllocationPage';
export { CostAllocationReport } from './CostAllocationReport';
