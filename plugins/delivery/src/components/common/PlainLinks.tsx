import { useAnalytics } from '@backstage/core-plugin-api';
import { Theme } from '@material-ui/core/styles';
import { isWebAddress } from '@runway/plugin-delivery-common';
import { CSSProperties } from 'react';
import { Link as RouterLink } from 'react-router-dom';
import { themedStyles } from './inlineStyles';

// Links for the health cards, which render on pages people land on while those pages load:
// an `<a>` styled inline as core-components' `Link` looks (the theme's primary colour,
// underlined on hover), and the same analytics event on click. core-components' `Link` is
// seven components deep (MUI's Link and Typography, each behind a style hook, its own style
// hook, a router check that builds a route tree on every render, the router's Link): the
// service health card's eight links were 56 of its 97 components.

const useLinkStyles = themedStyles((theme: Theme) => ({
  link: {
    color: theme.palette.primary.main,
    textDecoration: 'none',
  } as CSSProperties,
  underlined: {
    color: theme.palette.primary.main,
    textDecoration: 'underline',
    // The hidden text below is placed against the link, as core-components' does.
    position: 'relative',
  } as CSSProperties,
  // Read by screen readers, not shown (core-components' wording for a link to a new window).
  visuallyHidden: {
    clip: 'rect(0 0 0 0)',
    clipPath: 'inset(50%)',
    overflow: 'hidden',
    position: 'absolute',
    whiteSpace: 'nowrap',
    height: 1,
    width: 1,
  } as CSSProperties,
}));

// Underline on hover and keyboard focus without a style sheet (an inline style has no
// :hover): set on the element, not through state, so hovering renders nothing.
const underline = (event: { currentTarget: HTMLElement }) => {
  event.currentTarget.style.textDecoration = 'underline';
};
const plain = (event: { currentTarget: HTMLElement }) => {
  event.currentTarget.style.textDecoration = 'none';
};

/** A link within the app, as core-components' `Link` shows one (underlined on hover). */
export function AppLink(props: { to: string; children: string }) {
  const { to, children } = props;
  const styles = useLinkStyles();
  const analytics = useAnalytics();
  return (
    <RouterLink
      to={to}
      style={styles.link}
      onMouseEnter={underline}
      onMouseLeave={plain}
      onFocus={underline}
      onBlur={plain}
      onClick={() =>
        analytics.captureEvent('click', children, { attributes: { to } })
      }
    >
      {children}
    </RouterLink>
  );
}

/**
 * `url` when it is an absolute http(s) address; undefined otherwise. Addresses come from CI
 * events: anything else (`javascript:`, `data:`, a relative path) is shown as text, never
 * linked.
 */
export function webAddress(url: string | null | undefined): string | undefined {
  // Checked here too: rows stored before the backend checked addresses at ingest may hold
  // anything.
  return url && isWebAddress(url) ? url : undefined;
}

/**
 * A link to another site, always underlined (it sits in a line of text, where colour alone
 * would not tell it apart), opening in a new window as core-components' external links do;
 * `href` must be a web address (see {@link webAddress}).
 */
export function WebLink(props: {
  href: string;
  title?: string;
  /** The link's text, which the click is recorded as too. */
  children: string;
  'data-testid'?: string;
}) {
  const { href, title, children } = props;
  const styles = useLinkStyles();
  const analytics = useAnalytics();
  return (
    <a
      href={href}
      target="_blank"
      rel="noopener"
      title={title}
      data-testid={props['data-testid']}
      style={styles.underlined}
      onClick={() =>
        analytics.captureEvent('click', children, { attributes: { to: href } })
      }
    >
      {children}
      <span style={styles.visuallyHidden}>, Opens in a new window</span>
    </a>
  );
}
