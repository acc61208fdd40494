import { test, expect, Page } from '@playwright/test';
import type { EntityDrift } from '@runway/plugin-golden-paths-common';
import { backendApiAs } from './backendApi';
import { failOnBrowserErrors } from './browserErrors';

// The Golden path card (template drift) of demo components created from a template, checked
// against what the golden-paths backend answers for the same entity.

failOnBrowserErrors();

const screenshot = (page: Page, name: string) =>
  page.screenshot({
    path: `test-results/screenshots/golden-paths-${name}.png`,
    fullPage: true,
  });

async function signInAsGuest(page: Page) {
  await page.goto('/');
  await page.getByRole('button', { name: 'Enter' }).click();
  await expect(
    page
      .getByRole('navigation', { name: 'sidebar nav' })
      .getByRole('link', { name: 'Catalog', exact: true }),
  ).toBeVisible();
}

async function driftOf(entityRef: string): Promise<EntityDrift> {
  const api = await backendApiAs('guest');
  const url = `/api/golden-paths/drift?entityRef=${encodeURIComponent(
    entityRef,
  )}`;
  // 404 until the catalog has read the demo locations after a cold start.
  await expect
    .poll(async () => (await api.get(url)).status(), { timeout: 60_000 })
    .toBe(200);
  const drift = (await (await api.get(url)).json()) as EntityDrift;
  await api.dispose();
  return drift;
}

async function driftOverview(status: string): Promise<EntityDrift[]> {
  const api = await backendApiAs('guest');
  const response = await api.get(
    `/api/golden-paths/drift/overview?status=${status}`,
  );
  expect(response.status()).toBe(200);
  const { items } = (await response.json()) as { items: EntityDrift[] };
  await api.dispose();
  return items;
}

const cardTitle = (page: Page) =>
  page.getByText('Golden path', { exact: true });
const card = (page: Page) =>
  page.locator('.MuiCard-root').filter({ has: cardTitle(page) });

test('a service behind its template shows the upgrade and what changed', async ({
  page,
}) => {
  const drift = await driftOf('component:default/checkout');
  expect(drift.status).toBe('upgrade-available');
  expect(drift.changes.length).toBeGreaterThan(0);

  await signInAsGuest(page);
  await page.goto('/catalog/default/component/checkout');
  const goldenPath = card(page);
  await expect(goldenPath.getByText('Upgrade available')).toBeVisible();
  await expect(
    goldenPath.getByRole('row', { name: /created from/i }),
  ).toContainText(`v${drift.recordedVersion}`);
  await expect(
    goldenPath.getByRole('row', { name: /current version/i }),
  ).toContainText(`v${drift.currentVersion}`);
  await expect(
    goldenPath.getByRole('link', { name: drift.templateTitle! }),
  ).toHaveAttribute(
    'href',
    /\/catalog\/default\/template\/typescript-service$/,
  );
  for (const change of drift.changes) {
    await expect(
      goldenPath.getByRole('heading', { name: `v${change.version}` }),
    ).toBeVisible();
  }
  await expect(
    goldenPath.getByRole('link', { name: 'Retrofit template' }),
  ).toHaveAttribute('href', '/create/templates/default/retrofit');
  await screenshot(page, 'checkout');
});

test('a service on the current template version is up to date; others show no card', async ({
  page,
}) => {
  // Whichever demo component the backend finds current (template versions move on).
  // The overview lists what the scheduled check (30 s after start) has stored.
  let current: EntityDrift[] = [];
  await expect
    .poll(
      async () => {
        current = await driftOverview('current');
        return current.length;
      },
      { timeout: 90_000 },
    )
    .toBeGreaterThan(0);
  const drift = await driftOf(current[0].entityRef);
  expect(drift.status).toBe('current');
  const name = drift.entityRef.split('/').pop();

  await signInAsGuest(page);
  await page.goto(`/catalog/default/component/${name}`);
  const goldenPath = card(page);
  await expect(
    goldenPath.getByText('Up to date with the template'),
  ).toBeVisible();
  await expect(
    goldenPath.getByRole('row', { name: /current version/i }),
  ).toContainText(`v${drift.currentVersion}`);
  await expect(goldenPath.getByText('Upgrade available')).toHaveCount(0);

  // payments records no template: the card's filter keeps it off the page.
  await page.goto('/catalog/default/component/payments');
  await expect(
    page.getByRole('heading', { name: 'About', exact: true }),
  ).toBeVisible();
  await expect(cardTitle(page)).toHaveCount(0);
});
