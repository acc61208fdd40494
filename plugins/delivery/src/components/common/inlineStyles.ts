import { Theme, useTheme } from '@material-ui/core/styles';
import { CSSProperties } from 'react';

/**
 * A theme's type style (`theme.typography.body2`, …) as an inline style: only its plain
 * properties, since a `@media` rule (a theme with responsive font sizes) has no inline form.
 */
export function typeStyle(
  theme: Theme,
  variant: 'body1' | 'body2' | 'caption' | 'overline',
): CSSProperties {
  const style: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(theme.typography[variant])) {
    if (typeof value === 'string' || typeof value === 'number') {
      style[key] = value;
    }
  }
  return style as CSSProperties;
}

/**
 * Inline styles computed once per theme. Parts of a page that render early and often (the
 * service health card) style their elements inline instead of through `makeStyles`: each
 * style hook builds and attaches a style sheet the first time it renders, and every sheet
 * attached while the page loads makes the browser recompute the page's styles.
 */
export function themedStyles<T>(build: (theme: Theme) => T): () => T {
  const cache = new WeakMap<Theme, T>();
  return function useThemedStyles() {
    const theme = useTheme<Theme>();
    let styles = cache.get(theme);
    if (!styles) {
      styles = build(theme);
      cache.set(theme, styles);
    }
    return styles;
  };
}
