import { Table, TableColumn } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import {
  AllocationReport,
  UnallocatedResource,
  UnallocatedTag,
} from '@runway/plugin-cost-common';
import { formatCost } from '../format';
import { compactCells, reportTableOptions, Truncated } from './tableLayout';

type ResourceRow = UnallocatedResource & { id: string };
type TagRow = UnallocatedTag & { id: string };

function nameAndId(name: string | null, id: string | null): string {
  if (name && id && name !== id) {
    return `${name} (${id})`;
  }
  return name ?? id ?? '(not set)';
}

// Provider and service share a column (the service under its provider), and long ids are cut
// with an ellipsis: the table sits beside the coverage card, two thirds of a laptop screen.
const resourceColumns: TableColumn<ResourceRow>[] = compactCells([
  {
    title: 'Resource',
    field: 'resourceId',
    render: row => (
      <Truncated
        text={nameAndId(row.resourceName, row.resourceId)}
        maxWidth={200}
      />
    ),
  },
  {
    title: 'Account',
    field: 'subAccountId',
    render: row => (
      <Truncated
        text={nameAndId(row.subAccountName, row.subAccountId)}
        maxWidth={160}
      />
    ),
  },
  {
    title: 'Service',
    field: 'serviceName',
    render: row => (
      <>
        {row.serviceName ?? '(not set)'}
        <Typography variant="caption" display="block" color="textSecondary">
          {row.providerName ?? ''}
        </Typography>
      </>
    ),
  },
  {
    title: 'Cost',
    field: 'amount',
    align: 'right',
    render: row => (
      <Box component="span" whiteSpace="nowrap">
        {formatCost(row.amount, row.currency)}
      </Box>
    ),
  },
]);

const tagColumns: TableColumn<TagRow>[] = compactCells([
  { title: 'Tag key', field: 'key' },
  { title: 'Value', field: 'value' },
  {
    title: 'Cost',
    field: 'amount',
    align: 'right',
    render: row => (
      <Box component="span" whiteSpace="nowrap">
        {formatCost(row.amount, row.currency)}
      </Box>
    ),
  },
]);

const tableOptions = reportTableOptions;

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
