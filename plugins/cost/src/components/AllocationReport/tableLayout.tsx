import Box from '@material-ui/core/Box';
import Tooltip from '@material-ui/core/Tooltip';

/**
 * Table options the report's tables share: dense rows and a header row that stays in view
 * while a long list scrolls under it.
 */
export const reportTableOptions = {
  paging: false,
  search: false,
  padding: 'dense' as const,
  maxBodyHeight: 'calc(100vh - 240px)',
  headerStyle: {
    paddingLeft: 8,
    paddingRight: 8,
    position: 'sticky' as const,
    top: 0,
    zIndex: 2,
  },
};

/** Narrower gutters than the table's default 16 px, so the report fits a laptop screen. */
export function compactCells<T extends object>(columns: T[]): T[] {
  return columns.map(column => ({
    ...column,
    cellStyle: { paddingLeft: 8, paddingRight: 8 },
  }));
}

/**
 * A long identifier (a cloud resource id, an account name) on one line, cut with an ellipsis
 * at `maxWidth` and shown whole on hover: ids have no spaces, so left alone they either widen
 * the table past the screen or break at arbitrary characters.
 */
export function Truncated(props: { text: string; maxWidth: number }) {
  return (
    <Tooltip title={props.text}>
      <Box
        component="span"
        display="block"
        maxWidth={props.maxWidth}
        overflow="hidden"
        whiteSpace="nowrap"
        style={{ textOverflow: 'ellipsis' }}
      >
        {props.text}
      </Box>
    </Tooltip>
  );
}
