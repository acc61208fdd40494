import { ReactNode } from 'react';
import { renderHook, waitFor } from '@testing-library/react';
import { TestApiProvider } from '@backstage/frontend-test-utils';
import { deliveryApiRef } from '@runway/plugin-delivery';
import { costApiRef } from '@runway/plugin-cost';
import { useServiceHealth } from './useServiceHealth';

const PAYMENTS = 'component:default/payments';
const LEDGER = 'component:default/ledger';

function setup(options: { cost?: boolean } = {}) {
  const deliveryApi = {
    getOverview: jest.fn(async (request: { entityRef: string[] }) => ({
      items: request.entityRef.map(entityRef => ({
        entityRef,
        level: 'high',
      })),
    })),
  };
  const costApi = {
    getOverview: jest.fn(async () => ({
      items: [
        {
          entityRef: 'Component:default/Payments',
          totals: [{ currency: 'USD', amount: 12 }],
        },
      ],
    })),
  };
  const apis: any[] = [[deliveryApiRef, deliveryApi]];
  if (options.cost !== false) {
    apis.push([costApiRef, costApi]);
  }
  const wrapper = ({ children }: { children: ReactNode }) => (
    <TestApiProvider apis={apis as any}>{children}</TestApiProvider>
  );
  return { deliveryApi, costApi, wrapper };
}

describe('useServiceHealth', () => {
  it('fetches the rows on screen with one request per plugin', async () => {
    const { deliveryApi, costApi, wrapper } = setup();
    const { result } = renderHook(() => useServiceHealth([PAYMENTS, LEDGER]), {
      wrapper,
    });
    expect(result.current.delivery.state).toBe('loading');
    await waitFor(() => {
      expect(result.current.delivery.state).toBe('loaded');
      expect(result.current.cost.state).toBe('loaded');
    });
    expect(deliveryApi.getOverview).toHaveBeenCalledTimes(1);
    expect(deliveryApi.getOverview).toHaveBeenCalledWith({
      entityRef: [LEDGER, PAYMENTS],
      limit: 2,
    });
    expect(costApi.getOverview).toHaveBeenCalledTimes(1);
    expect(costApi.getOverview).toHaveBeenCalledWith({
      kind: 'component',
      entityRefs: [LEDGER, PAYMENTS],
      limit: 2,
    });
    const cost = result.current.cost;
    expect(cost.state === 'loaded' && cost.byRef.get(PAYMENTS)).toEqual([
      { currency: 'USD', amount: 12 },
    ]);
  });

  it('does not fetch the same rows again, in another order or case', async () => {
    const { deliveryApi, wrapper } = setup();
    const { result, rerender } = renderHook(
      (refs: string[]) => useServiceHealth(refs),
      { wrapper, initialProps: [PAYMENTS, LEDGER] },
    );
    await waitFor(() => expect(result.current.delivery.state).toBe('loaded'));
    rerender([LEDGER, 'Component:default/Payments']);
    rerender([LEDGER, PAYMENTS, PAYMENTS]);
    expect(result.current.delivery.state).toBe('loaded');
    expect(deliveryApi.getOverview).toHaveBeenCalledTimes(1);

    rerender([LEDGER]);
    await waitFor(() =>
      expect(deliveryApi.getOverview).toHaveBeenCalledTimes(2),
    );
  });

  it('asks nothing for an empty page, and marks a plugin that is not installed', async () => {
    const { deliveryApi, wrapper } = setup({ cost: false });
    const { result } = renderHook(() => useServiceHealth([]), { wrapper });
    await waitFor(() => expect(result.current.delivery.state).toBe('loaded'));
    expect(result.current.cost.state).toBe('unavailable');
    expect(deliveryApi.getOverview).not.toHaveBeenCalled();
  });

  it('reports a failing plugin without holding back the other', async () => {
    const { deliveryApi, wrapper } = setup();
    deliveryApi.getOverview.mockRejectedValueOnce(new Error('delivery down'));
    const { result } = renderHook(() => useServiceHealth([PAYMENTS]), {
      wrapper,
    });
    await waitFor(() => expect(result.current.delivery.state).toBe('error'));
    await waitFor(() => expect(result.current.cost.state).toBe('loaded'));
  });
});
