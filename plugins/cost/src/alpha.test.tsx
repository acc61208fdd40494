import { renderTestApp } from '@backstage/frontend-test-utils';
import { screen } from '@testing-library/react';
import costPlugin from './alpha';
import { costApiRef } from './api';
import { fakeCostApi } from './__testUtils__/fakeCostApi';

describe('cost plugin (new frontend system)', () => {
  it('provides the API, the Cost tab, the summary card and the allocation page', () => {
    expect(costPlugin.id).toBe('cost');
    for (const id of [
      'api:cost',
      'entity-content:cost/entity',
      'entity-card:cost/summary',
      'page:cost',
    ]) {
      expect(costPlugin.getExtension(id as any)).toBeDefined();
    }
  });

  it('renders the allocation report on its page', async () => {
    const costApi = fakeCostApi();
    costApi.listImports.mockResolvedValue({ items: [], totalItems: 0 });
    renderTestApp({
      extensions: [costPlugin.getExtension('page:cost')],
      apis: [[costApiRef, costApi]],
      initialRouteEntries: ['/cost'],
    });
    expect(
      await screen.findByText('No cost data imported yet'),
    ).toBeInTheDocument();
  });
});
