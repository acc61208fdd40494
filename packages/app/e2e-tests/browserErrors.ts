import { test, expect, ConsoleMessage } from '@playwright/test';

/**
 * Fails a test when the page logs a console error or throws an uncaught exception.
 *
 * React's development build reports deprecations as `console.error("Warning: ...")`
 * (e.g. Material UI v4 calling findDOMNode under StrictMode). Those come from libraries,
 * never appear in a production build, and are not failures of the page, so only they are
 * let through; every other console error fails the test.
 */
export function failOnBrowserErrors() {
  let errors: string[] = [];
  const isReactDevWarning = (msg: ConsoleMessage) =>
    msg.text().startsWith('Warning: ');

  test.beforeEach(async ({ page }) => {
    errors = [];
    page.on('pageerror', error => errors.push(`uncaught exception: ${error}`));
    page.on('console', msg => {
      if (msg.type() === 'error' && !isReactDevWarning(msg)) {
        errors.push(`console error: ${msg.text()}`);
      }
    });
  });

  test.afterEach(() => {
    expect(errors, 'the page logged errors').toEqual([]);
  });
}
