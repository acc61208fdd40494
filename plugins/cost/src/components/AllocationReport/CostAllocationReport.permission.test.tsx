import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { screen } from '@testing-library/react';
import { costApiRef } from '../../api';
import { fakeCostApi } from '../../__testUtils__/fakeCostApi';
import { CostAllocationReport } from './CostAllocationReport';

// A file of its own: usePermission caches decisions for the module's lifetime, so a test
// that allows the organisation view would answer this one from its cache.
describe('CostAllocationReport without cost.organization.read', () => {
  it('explains that allocation is for the platform team without asking the backend, when the policy denies the organisation view', async () => {
    const costApi = fakeCostApi();
    renderInTestApp(<CostAllocationReport />, {
      apis: [
        [costApiRef, costApi],
        [
          permissionApiRef,
          mockApis.permission({ authorize: AuthorizeResult.DENY }),
        ],
      ],
    });
    expect(
      await screen.findByText('Cost allocation is for the platform team'),
    ).toBeInTheDocument();
    expect(screen.getByTestId('cost-forbidden')).toHaveTextContent(
      /cover every team.*runway\.admins.*cost\.organization\.read/,
    );
    expect(costApi.listImports).not.toHaveBeenCalled();
    expect(costApi.getAllocationReport).not.toHaveBeenCalled();
  });
});
