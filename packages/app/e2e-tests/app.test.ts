import { test, expect, Page } from '@playwright/test';
import { failOnBrowserErrors } from './browserErrors';

// A console error or an uncaught exception anywhere fails the test.
failOnBrowserErrors();

const screenshot = (page: Page, name: string) =>
  page.screenshot({
    path: `test-results/screenshots/${name}.png`,
    fullPage: true,
  });

async function signInAsGuest(page: Page) {
  await page.goto('/');
  const enter = page.getByRole('button', { name: 'Enter' });
  await expect(enter).toBeVisible();
  await screenshot(page, '01-sign-in');
  await enter.click();
  // The <nav> box itself has no size (its content is fixed-positioned): look at its links.
  await expect(
    page
      .getByRole('navigation', { name: 'sidebar nav' })
      .getByRole('link', { name: 'Catalog', exact: true }),
  ).toBeVisible();
}

test('a guest signs in, finds the demo services in the catalog and opens one', async ({
  page,
}) => {
  await signInAsGuest(page);

  // The personal home is the landing page; the catalog is one click away. It opens on the
  // guest's own services (team-platform); "All" lists the whole demo organisation, by title.
  await expect(page.getByRole('heading', { name: 'Home' })).toBeVisible();
  await page
    .getByRole('navigation', { name: 'sidebar nav' })
    .getByRole('link', { name: 'Catalog', exact: true })
    .click();
  await expect(
    page.getByRole('heading', { name: 'Runway Demo Co. Catalog' }),
  ).toBeVisible();
  // On a freshly started portal the catalog's user picker has been seen to switch a choice
  // of "All" back to "Owned" a few seconds later (first test of a CI run only; not understood
  // yet, see the issue notes). Choose "All" and open the service again until it sticks.
  const table = page.getByRole('table');
  await expect(async () => {
    await page.getByRole('menuitem', { name: /^All/ }).click();
    await expect(
      page.getByRole('heading', { name: /^All Components/, level: 2 }),
    ).toBeVisible({
      timeout: 5_000,
    });
    await expect(
      table.getByRole('link', { name: 'Payments service', exact: true }),
    ).toBeVisible({
      timeout: 5_000,
    });
    await expect(
      table.getByRole('link', { name: 'Checkout', exact: true }),
    ).toBeVisible();
    await expect(
      table.getByRole('link', { name: 'Identity', exact: true }),
    ).toBeVisible();
    await screenshot(page, '02-catalog');
    await table
      .getByRole('link', { name: 'Payments service', exact: true })
      .click({
        timeout: 5_000,
      });
    await expect(page).toHaveURL(/\/catalog\/default\/component\/payments/, {
      timeout: 5_000,
    });
  }).toPass({ timeout: 60_000 });
  await expect(
    page.getByRole('heading', { name: 'Payments service' }).first(),
  ).toBeVisible();
  // The About card resolves the owner and system from the catalog.
  const about = page.locator('article', { hasText: 'About' }).first();
  await expect(
    about.getByRole('link', { name: 'Payments', exact: true }),
  ).toBeVisible();
  await expect(
    about.getByRole('link', { name: /Payments Platform/ }),
  ).toBeVisible();
  await screenshot(page, '03-service-page');
});

test('the sidebar offers the platform features a team expects', async ({
  page,
}) => {
  await signInAsGuest(page);
  const nav = page.getByRole('navigation', { name: 'sidebar nav' });
  for (const name of ['Catalog', 'APIs', 'Docs', 'Create', 'Catalog Graph']) {
    await expect(nav.getByRole('link', { name, exact: true })).toBeVisible();
  }
});
