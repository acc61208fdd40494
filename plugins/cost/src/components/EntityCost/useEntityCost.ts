import { useApi } from '@backstage/core-plugin-api';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { costApiRef } from '../../api';
import { CostPeriod } from '../period';

export function useEntityCost(entityRef: string, period: CostPeriod) {
  const costApi = useApi(costApiRef);
  const { from, to, granularity } = period;
  return useAsyncRetry(
    () => costApi.getEntityCost({ entityRef, from, to, granularity }),
    [costApi, entityRef, from, to, granularity],
  );
}
