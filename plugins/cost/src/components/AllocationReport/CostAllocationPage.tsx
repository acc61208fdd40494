import { Content, Header, Page } from '@backstage/core-components';
import { CostAllocationReport } from './CostAllocationReport';

/** The allocation report as a whole page, for apps on the legacy frontend system. */
export function CostAllocationPage() {
  return (
    <Page themeId="tool">
      <Header
        title="Cost allocation"
        subtitle="Cost that reaches the catalog, cost that does not, and the imports behind it"
      />
      <Content>
        <CostAllocationReport />
      </Content>
    </Page>
  );
}
