import { makeStyles } from '@material-ui/core/styles';

/**
 * For a card's table in the Overview's main column: the theme lets table cells break anywhere
 * ("Servic / e" when squeezed), so names, figures and headings here break between words only
 * and each column is at least its longest word; narrow gutters, so that six or seven columns
 * fit at 1280 px.
 */
export const useCompactTableStyles = makeStyles({
  table: {
    '& td, & th': {
      overflowWrap: 'normal',
      wordBreak: 'normal',
      paddingLeft: 8,
      paddingRight: 8,
    },
    '& td:first-child, & th:first-child': { paddingLeft: 16 },
  },
  nowrap: { whiteSpace: 'nowrap' },
});
