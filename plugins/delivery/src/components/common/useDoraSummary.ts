import { useApi } from '@backstage/core-plugin-api';
import useAsync from 'react-use/esm/useAsync';
import { deliveryApiRef } from '../../api';
import { bucketFor, lastDays, RangeDays } from './window';

/**
 * The DORA summary of an entity (a component, or a group's or system's components) over the
 * last `days` to one environment, bucketed for the sparkline in the viewer's time zone: the
 * question the DORA card and the rollup card both ask.
 */
export function useDoraSummary(
  entityRef: string,
  days: RangeDays,
  environment: string,
) {
  const deliveryApi = useApi(deliveryApiRef);
  // Stable for an hour (see lastDays), so a re-render asks nothing new.
  const { from, to } = lastDays(days);
  return useAsync(
    () =>
      deliveryApi.getDoraSummary({
        entityRef,
        from,
        to,
        environment,
        bucket: bucketFor(days),
        tz: new Intl.DateTimeFormat().resolvedOptions().timeZone,
      }),
    [deliveryApi, entityRef, from, to, environment],
  );
}
