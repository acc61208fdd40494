export { CostPeriodLayout, PeriodPicker, useCostPeriod } from './PeriodPicker';
