import { test, expect, Page } from '@playwright/test';
import { failOnBrowserErrors } from '@backstage/e2e-test-utils/playwright';

// A console error or an uncaught exception anywhere fails the test.
failOnBrowserErrors();

const screenshot = (page: Page, name: string) =>
  page.screenshot({ path: `test-results/screenshots/${name}.png`, fullPage: true });

async function signInAsGuest(page: Page) {
  await page.goto('/');
  const enter = page.getByRole('button', { name: 'Enter' });
  await expect(enter).toBeVisible();
  await screenshot(page, '01-sign-in');
  await enter.click();
  await expect(
    page.getByRole('navigation', { name: 'sidebar nav' }),
  ).toBeVisible();
}

test('a guest signs in, finds the demo services in the catalog and opens one', async ({
  page,
}) => {
  await signInAsGuest(page);

  // The catalog is the landing page and lists the demo organisation's services.
  await expect(page.getByRole('heading', { name: /Runway Demo Co\./ })).toBeVisible();
  const table = page.getByRole('table');
  await expect(table.getByRole('link', { name: 'payments', exact: true })).toBeVisible();
  await expect(table.getByRole('link', { name: 'checkout', exact: true })).toBeVisible();
  await screenshot(page, '02-catalog');

  await table.getByRole('link', { name: 'payments', exact: true }).click();
  await expect(page).toHaveURL(/\/catalog\/default\/component\/payments/);
  await expect(page.getByRole('heading', { name: 'payments' }).first()).toBeVisible();
  // The About card shows the owner resolved from the catalog.
  await expect(page.getByText('team-payments').first()).toBeVisible();
  await screenshot(page, '03-service-page');
});

test('the sidebar offers the platform features a team expects', async ({ page }) => {
  await signInAsGuest(page);
  const nav = page.getByRole('navigation', { name: 'sidebar nav' });
  for (const name of ['Catalog', 'APIs', 'Docs', 'Create...']) {
    await expect(nav.getByRole('link', { name, exact: true })).toBeVisible();
  }
});
