import {
  StatusError,
  StatusOK,
  StatusRunning,
  Table,
  TableColumn,
} from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { CostImport, CostImportList } from '@runway/plugin-cost-common';
import { formatInstant } from '../format';
import { compactCells, reportTableOptions, Truncated } from './tableLayout';

function ImportStatus(props: { status: CostImport['status'] }) {
  switch (props.status) {
    case 'succeeded':
      return <StatusOK>succeeded</StatusOK>;
    case 'failed':
      return <StatusError>failed</StatusError>;
    default:
      return <StatusRunning>running</StatusRunning>;
  }
}

// The source shares the file's column (under it), so eight columns' worth fit a laptop screen.
const columns: TableColumn<CostImport>[] = compactCells([
  {
    title: 'Status',
    field: 'status',
    render: row => (
      <Box component="span" whiteSpace="nowrap">
        <ImportStatus status={row.status} />
      </Box>
    ),
  },
  {
    title: 'File · source',
    field: 'fileName',
    render: row => (
      <>
        <Truncated text={row.fileName} maxWidth={220} />
        <Typography variant="caption" display="block" color="textSecondary">
          {row.source}
        </Typography>
      </>
    ),
  },
  {
    title: 'Started',
    field: 'startedAt',
    render: row => (
      <Box component="span" whiteSpace="nowrap">
        {formatInstant(row.startedAt)}
      </Box>
    ),
  },
  { title: 'Rows read', field: 'rowsRead', type: 'numeric' },
  { title: 'Imported', field: 'rowsImported', type: 'numeric' },
  {
    title: 'Bad rows',
    field: 'badRowCount',
    type: 'numeric',
    render: row =>
      row.badRowCount > 0 ? (
        <Typography color="error" variant="body2" component="span">
          {row.badRowCount}
        </Typography>
      ) : (
        0
      ),
  },
  {
    title: 'Billing periods',
    field: 'billingPeriods',
    render: row => row.billingPeriods.map(p => p.slice(0, 7)).join(', '),
  },
]);

/** Why an import failed and which lines (CSV) or rows (Parquet) were not imported, and why. */
function ImportDetails(props: { costImport: CostImport }) {
  const { costImport } = props;
  return (
    <Box p={2}>
      {costImport.error && (
        <Typography color="error" paragraph>
          {costImport.error}
        </Typography>
      )}
      {costImport.badRowCount === 0 ? (
        <Typography variant="body2">Every row was imported.</Typography>
      ) : (
        <>
          <Typography variant="body2" paragraph>
            {costImport.badRowCount} rows were not imported
            {costImport.badRows.length < costImport.badRowCount
              ? ` (the first ${costImport.badRows.length} are listed)`
              : ''}
            :
          </Typography>
          <Box component="ul" m={0}>
            {costImport.badRows.map((badRow, index) => (
              <li key={index}>
                {badRow.line === undefined
                  ? `Row ${badRow.row}`
                  : `Line ${badRow.line}`}
                : {badRow.reason}
              </li>
            ))}
          </Box>
        </>
      )}
    </Box>
  );
}

/** The latest FOCUS imports with their row counts; a row opens to its bad lines. */
export function ImportHistoryTable(props: { imports: CostImportList }) {
  const { imports } = props;
  return (
    <Table<CostImport>
      title="Import history"
      subtitle={`${imports.items.length} most recent of ${imports.totalItems}`}
      columns={columns}
      data={imports.items}
      options={reportTableOptions}
      detailPanel={({ rowData }) => <ImportDetails costImport={rowData} />}
    />
  );
}
