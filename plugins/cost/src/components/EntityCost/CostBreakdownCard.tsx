import { InfoCard, Table, TableColumn } from '@backstage/core-components';
import Tab from '@material-ui/core/Tab';
import Tabs from '@material-ui/core/Tabs';
import { CostBreakdownItem, EntityCost } from '@runway/plugin-cost-common';
import { useState } from 'react';
import { amountIn, formatCost, formatShare } from '../format';

type Dimension = keyof EntityCost['breakdown'];

const DIMENSIONS: Array<{ id: Dimension; label: string; column: string }> = [
  {
    id: 'serviceCategory',
    label: 'Service category',
    column: 'ServiceCategory',
  },
  { id: 'serviceName', label: 'Service', column: 'ServiceName' },
  { id: 'region', label: 'Region', column: 'RegionId' },
  { id: 'account', label: 'Account', column: 'SubAccountId' },
];

interface BreakdownRow extends CostBreakdownItem {
  id: string;
  share: string;
}

function label(item: CostBreakdownItem): string {
  if (item.key === null) {
    return '(not set)';
  }
  return item.name && item.name !== item.key
    ? `${item.name} (${item.key})`
    : item.key;
}

/** Where the money goes: the period's cost by a FOCUS column, largest first. */
export function CostBreakdownCard(props: { cost: EntityCost }) {
  const { cost } = props;
  const [dimension, setDimension] = useState<Dimension>('serviceCategory');
  const current = DIMENSIONS.find(d => d.id === dimension)!;
  const rows: BreakdownRow[] = [...cost.breakdown[dimension]]
    .sort((a, b) => b.amount - a.amount)
    .map(item => ({
      ...item,
      id: `${item.currency}:${item.key}`,
      share: formatShare(item.amount, amountIn(cost.totals, item.currency)),
    }));
  const columns: TableColumn<BreakdownRow>[] = [
    { title: current.label, field: 'key', render: row => label(row) },
    { title: 'Currency', field: 'currency' },
    {
      title: 'Cost',
      field: 'amount',
      align: 'right',
      render: row => formatCost(row.amount, row.currency),
    },
    { title: 'Share', field: 'share', align: 'right' },
  ];
  return (
    <InfoCard title="Breakdown" subheader={`By FOCUS ${current.column}`}>
      <Tabs
        value={dimension}
        onChange={(_event, value: Dimension) => setDimension(value)}
        indicatorColor="primary"
        variant="scrollable"
        aria-label="Breakdown by"
      >
        {DIMENSIONS.map(d => (
          <Tab key={d.id} value={d.id} label={d.label} />
        ))}
      </Tabs>
      <Table<BreakdownRow>
        columns={columns}
        data={rows}
        options={{
          paging: rows.length > 10,
          pageSize: 10,
          search: false,
          toolbar: false,
          padding: 'dense',
        }}
      />
    </InfoCard>
  );
}
