export { PeriodPicker, useCostPeriodId } from './PeriodPicker';
