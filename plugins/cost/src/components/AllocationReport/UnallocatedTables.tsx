import { Table, TableColumn } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import {
  AllocationReport,
  UnallocatedResource,
  UnallocatedTag,
} from '@runway/plugin-cost-common';
import { formatCost } from '../format';

type ResourceRow = UnallocatedResource & { id: string };
type TagRow = UnallocatedTag & { id: string };

function nameAndId(name: string | null, id: string | null): string {
  if (name && id && name !== id) {
    return `${name} (${id})`;
  }
  return name ?? id ?? '(not set)';
}

const resourceColumns: TableColumn<ResourceRow>[] = [
  {
    title: 'Resource',
    field: 'resourceId',
    render: row => nameAndId(row.resourceName, row.resourceId),
  },
  {
    title: 'Account',
    field: 'subAccountId',
    render: row => nameAndId(row.subAccountName, row.subAccountId),
  },
  { title: 'Provider', field: 'providerName' },
  { title: 'Service', field: 'serviceName' },
  {
    title: 'Cost',
    field: 'amount',
    align: 'right',
    render: row => formatCost(row.amount, row.currency),
  },
];

const tagColumns: TableColumn<TagRow>[] = [
  { title: 'Tag key', field: 'key' },
  { title: 'Value', field: 'value' },
  {
    title: 'Cost',
    field: 'amount',
    align: 'right',
    render: row => formatCost(row.amount, row.currency),
  },
];

const tableOptions = {
  paging: false,
  search: false,
  padding: 'dense' as const,
};

/** The resources whose cost reaches no entity, largest first. */
export function UnallocatedResourcesTable(props: { report: AllocationReport }) {
  const rows = props.report.topResources.map((resource, index) => ({
    ...resource,
    id: `${index}`,
  }));
  return (
    <Table<ResourceRow>
      title="Top unallocated resources"
      subtitle="Tag them, or list their account in an entity's runway.dev/cost-accounts annotation"
      columns={resourceColumns}
      data={rows}
      options={tableOptions}
      emptyContent={
        <EmptyRow text="Every resource's cost reaches an entity." />
      }
    />
  );
}

/**
 * Tags found on unallocated cost: a value here that names a team or service usually means a
 * tag key the attribution does not read yet, or a missing runway.dev/cost-tags annotation.
 */
export function UnallocatedTagsTable(props: { report: AllocationReport }) {
  const rows = props.report.topTags.map((tag, index) => ({
    ...tag,
    id: `${index}`,
  }));
  return (
    <Table<TagRow>
      title="Top tags on unallocated cost"
      subtitle="Add a value to an entity's runway.dev/cost-tags annotation to attribute it"
      columns={tagColumns}
      data={rows}
      options={tableOptions}
      emptyContent={<EmptyRow text="No tagged cost is unallocated." />}
    />
  );
}

function EmptyRow(props: { text: string }) {
  return <Box p={2}>{props.text}</Box>;
}
