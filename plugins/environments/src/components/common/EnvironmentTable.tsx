import { Link, Table, TableColumn } from '@backstage/core-components';
import { Box, Button, Tooltip, Typography } from '@material-ui/core';
import {
  EnvironmentAction,
  EnvironmentCatalogue,
  EnvironmentRequest,
} from '@runway/plugin-environments-common';
import { EntityDisplayName } from '@backstage/plugin-catalog-react';
import { ReactNode, useState } from 'react';
import { ActionDialog } from './ActionDialog';
import { formatCountdown, formatMoney, shortRef } from './format';
import { StateStatus } from './StateStatus';
import { useNow } from './useNow';

/** Narrower gutters than the table's default 16 px, so the list fits a laptop screen. */
const CELL_STYLE = { paddingLeft: 8, paddingRight: 8 };

function compactCells<T extends object>(
  columns: TableColumn<T>[],
): TableColumn<T>[] {
  return columns.map(column => ({ ...column, cellStyle: CELL_STYLE }));
}

const ACTION_LABELS: Record<EnvironmentAction, string> = {
  approve: 'Approve',
  reject: 'Reject',
  extend: 'Extend',
  destroy: 'Destroy',
  retry: 'Retry',
};

/**
 * Environment requests with their status, URL, owner, expiry countdown and cost, and the
 * actions the caller may take on each (each confirmed in a dialog).
 */
export function EnvironmentTable(props: {
  /** Without a title the table has no toolbar: inside a titled card it would repeat it. */
  title?: string;
  items: EnvironmentRequest[];
  catalogue?: EnvironmentCatalogue;
  /** Show which service each environment belongs to (off on a service's own page). */
  showService?: boolean;
  emptyContent: ReactNode;
  onChanged: () => void;
  /**
   * The backend holds older requests than `items` (the list comes a page at a time): a button
   * under the table asks for them with `onShow`.
   */
  older?: { onShow: () => void; loading: boolean };
}) {
  const {
    title,
    items,
    catalogue,
    showService = true,
    emptyContent,
    onChanged,
    older,
  } = props;
  const now = useNow();
  const [pending, setPending] = useState<{
    request: EnvironmentRequest;
    action: EnvironmentAction;
  }>();
  const maxTtl = (type: string) =>
    catalogue?.types.find(candidate => candidate.name === type)?.maxTtlHours;

  const columns = compactCells<EnvironmentRequest>([
    {
      title: 'Environment',
      field: 'name',
      highlight: true,
      render: request => (
        <>
          {request.url ? (
            <Link to={request.url}>{request.name}</Link>
          ) : (
            request.name
          )}
          <Typography variant="caption" display="block" color="textSecondary">
            {request.type} · {request.size}
            {request.branch ? ` · ${request.branch}` : ''}
            {request.version ? ` · ${request.version}` : ''}
          </Typography>
        </>
      ),
    },
    ...(showService
      ? [
          {
            title: 'Service',
            field: 'entityRef',
            render: (request: EnvironmentRequest) => (
              <Box whiteSpace="nowrap">{shortRef(request.entityRef)}</Box>
            ),
          },
        ]
      : []),
    {
      title: 'Status',
      field: 'state',
      render: request =>
        request.failureReason ? (
          <Tooltip title={request.failureReason}>
            <span>
              <StateStatus state={request.state} />
            </span>
          </Tooltip>
        ) : (
          <StateStatus state={request.state} />
        ),
    },
    {
      title: 'Owner',
      field: 'requestedBy',
      // Who asked, and the owning team by its display name (profile.displayName or title);
      // names wrap between words, never inside one.
      render: request => (
        <Box whiteSpace="nowrap">
          <EntityDisplayName entityRef={request.requestedBy} hideIcon />
          <Typography variant="caption" display="block" color="textSecondary">
            <EntityDisplayName entityRef={request.ownerRef} hideIcon />
          </Typography>
        </Box>
      ),
    },
    {
      title: 'Expires',
      field: 'expiresAt',
      render: request => {
        if (request.state === 'destroyed' || request.state === 'rejected') {
          return '–';
        }
        return request.expiresAt
          ? formatCountdown(request.expiresAt, now)
          : `${request.ttlHours} h once ready`;
      },
    },
    {
      title: 'Cost so far',
      field: 'costSoFar',
      render: request => (
        <>
          {formatMoney(request.costSoFar, request.estimate.currency)}
          <Typography variant="caption" display="block" color="textSecondary">
            of {formatMoney(request.estimate.total, request.estimate.currency)}{' '}
            estimated
          </Typography>
        </>
      ),
    },
    {
      title: 'Actions',
      sorting: false,
      render: request => (
        <Box display="flex" style={{ gap: 4 }}>
          {request.allowedActions.map(action => (
            <Button
              key={action}
              size="small"
              variant="outlined"
              style={{ whiteSpace: 'nowrap', minWidth: 'auto' }}
              color={
                action === 'destroy' || action === 'reject'
                  ? 'secondary'
                  : 'primary'
              }
              onClick={() => setPending({ request, action })}
            >
              {ACTION_LABELS[action]}
            </Button>
          ))}
        </Box>
      ),
    },
  ]);

  return (
    <>
      <Table<EnvironmentRequest>
        title={title}
        options={{
          paging: items.length > 20,
          pageSize: 20,
          search: false,
          toolbar: title !== undefined,
          padding: 'dense',
          // The header row stays in view while a long list scrolls under it.
          maxBodyHeight: 'calc(100vh - 300px)',
          headerStyle: { ...CELL_STYLE, position: 'sticky', top: 0, zIndex: 2 },
        }}
        columns={columns}
        data={items}
        // Backstage's EmptyState is a spaced Grid whose negative margins reach past the
        // table's edge: clipped here, the table does not scroll sideways for it.
        emptyContent={<Box overflow="hidden">{emptyContent}</Box>}
      />
      {older && (
        <Box display="flex" justifyContent="center" padding={1}>
          <Button
            color="primary"
            disabled={older.loading}
            onClick={older.onShow}
          >
            {older.loading ? 'Loading older requests…' : 'Show older requests'}
          </Button>
        </Box>
      )}
      {pending && (
        <ActionDialog
          request={pending.request}
          action={pending.action}
          maxTtlHours={maxTtl(pending.request.type)}
          onClose={() => setPending(undefined)}
          onDone={() => {
            setPending(undefined);
            onChanged();
          }}
        />
      )}
    </>
  );
}
