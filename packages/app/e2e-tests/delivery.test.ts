import { test, expect, Page, APIRequestContext } from '@playwright/test';
import type { DoraMetrics, DoraSummary } from '@runway/plugin-delivery-common';
import { BACKEND_URL, userToken } from './backendApi';
import { failOnBrowserErrors } from './browserErrors';
import { expectAxeClean, signInAsGuest } from './layout';

// A console error or an uncaught exception anywhere fails the test.
failOnBrowserErrors();

const screenshot = (page: Page, name: string) =>
  page.screenshot({
    path: `test-results/screenshots/delivery-${name}.png`,
    fullPage: true,
  });

const isSummaryOf = (entityRef: string) => (url: string) => {
  const parsed = new URL(url);
  return (
    parsed.pathname.endsWith('/api/delivery/dora/summary') &&
    parsed.searchParams.get('entityRef') === entityRef
  );
};

/** The summary the DORA card asks for while `action` runs. */
async function summaryDuring(
  page: Page,
  entityRef: string,
  action: () => Promise<unknown>,
): Promise<DoraSummary> {
  const [response] = await Promise.all([
    page.waitForResponse(
      r => isSummaryOf(entityRef)(r.url()) && r.request().method() === 'GET',
    ),
    action(),
  ]);
  expect(response.status()).toBe(200);
  return (await response.json()) as DoraSummary;
}

/** GET /dora for the same window, straight from the backend as the guest the page shows. */
async function doraFromBackend(
  request: APIRequestContext,
  summary: DoraSummary,
): Promise<DoraMetrics> {
  const response = await request.get(`${BACKEND_URL}/api/delivery/dora`, {
    params: {
      entityRef: summary.entityRef,
      from: summary.from,
      to: summary.to,
      environment: summary.environment,
    },
    headers: { Authorization: `Bearer ${await userToken('guest')}` },
  });
  expect(response.status()).toBe(200);
  return (await response.json()) as DoraMetrics;
}

/** What one shown unit is in the API's unit (deployments per week, seconds, a 0..1 rate). */
const UNIT_SCALE: Record<string, number> = {
  '/day': 7,
  '/week': 1,
  '%': 0.01,
  s: 1,
  m: 60,
  h: 3600,
  d: 86400,
};

/**
 * Reads a shown value back into the API's unit: `2.6/day` -> deployments per week,
 * `3.5h` -> seconds, `12%` -> a 0..1 rate, `–` -> null. Also returns how far the shown
 * (rounded) value may be from the exact one.
 */
function parseShown(text: string): { value: number | null; tolerance: number } {
  if (text === '–') {
    return { value: null, tolerance: 0 };
  }
  const match = /^([\d.]+)(\/day|\/week|%|s|m|h|d)$/.exec(text);
  if (!match) {
    throw new Error(`unexpected metric text '${text}'`);
  }
  const [, digits, unit] = match;
  const decimals = digits.split('.')[1]?.length ?? 0;
  const halfStep = 0.5 * 10 ** -decimals;
  const scale = UNIT_SCALE[unit];
  return { value: Number(digits) * scale, tolerance: halfStep * scale };
}

/** The card shows the numbers of GET /dora for its window. */
async function expectCardShows(
  page: Page,
  dora: DoraMetrics,
  cardTestId = 'delivery-dora-card',
) {
  const card = page.getByTestId(cardTestId);
  const expected: Record<string, number | null> = {
    deploymentFrequency: dora.deploymentFrequency.perWeek,
    leadTime: dora.leadTime.medianSeconds,
    changeFailureRate: dora.changeFailureRate.rate,
    recoveryTime: dora.recoveryTime.medianSeconds,
    reworkRate: dora.reworkRate.rate,
  };
  for (const [metric, value] of Object.entries(expected)) {
    const shown = parseShown(
      (await card.getByTestId(`value-${metric}`).textContent()) ?? '',
    );
    if (value === null) {
      expect(shown.value, metric).toBeNull();
    } else {
      expect(shown.value, metric).not.toBeNull();
      expect(
        Math.abs(shown.value! - value),
        `${metric}: shown ${shown.value}, API ${value}`,
      ).toBeLessThanOrEqual(shown.tolerance + 1e-9);
    }
  }
  await expect(
    card
      .getByText(`${dora.deploymentFrequency.deployments} deployments`)
      .first(),
  ).toBeVisible();
}

const SERVICE = 'component:default/catalog-search';

test('the Delivery tab of a demo service shows the DORA numbers the backend computes', async ({
  page,
  request,
}) => {
  await signInAsGuest(page);

  const summary = await summaryDuring(page, SERVICE, () =>
    page.goto('/catalog/default/component/catalog-search/delivery'),
  );
  await expect(page).toHaveURL(
    /\/catalog\/default\/component\/catalog-search\/delivery$/,
  );
  expect(Date.parse(summary.to) - Date.parse(summary.from)).toBe(
    30 * 86_400_000,
  );
  const dora30 = await doraFromBackend(request, summary);
  // The demo history gives catalog-search many deployments a week: a data state, not empty.
  expect(dora30.deploymentFrequency.deployments).toBeGreaterThan(10);
  await expectCardShows(page, dora30);

  // Ownership and pipelines load beside it.
  const ownership = page.getByTestId('delivery-ownership-card');
  await expect(
    ownership.getByRole('link', { name: /Storefront/ }).first(),
  ).toBeVisible();
  await expect(ownership.getByText('#storefront')).toBeVisible();
  const pipelines = page.getByTestId('delivery-pipelines-card');
  await expect(
    pipelines.getByRole('table', { name: 'Pipelines' }),
  ).toBeVisible();
  await screenshot(page, '01-service-tab-30-days');

  // Nothing serious for assistive technology on the tab: its content (the entity page's
  // article, header and cards), which must hold the cards just checked.
  await expectAxeClean(page, { mustContain: 'Pipelines' });

  // 90 days: a new window, and the numbers still match the backend's.
  const summary90 = await summaryDuring(page, SERVICE, async () => {
    await page.getByRole('button', { name: /Last 30 days/ }).click();
    await page.getByRole('option', { name: 'Last 90 days' }).click();
  });
  expect(Date.parse(summary90.to) - Date.parse(summary90.from)).toBe(
    90 * 86_400_000,
  );
  const dora90 = await doraFromBackend(request, summary90);
  await expectCardShows(page, dora90);
  await screenshot(page, '02-service-tab-90-days');

  // The drill-down lists the window's deployments, as many as the metric counted.
  await page
    .getByRole('button', {
      name: `Show the ${dora90.deploymentFrequency.deployments} deployments`,
    })
    .click();
  const dialog = page.getByRole('dialog');
  await expect(
    dialog.getByText(`${dora90.deploymentFrequency.deployments} deployments`, {
      exact: true,
    }),
  ).toBeVisible();
  await expect(dialog.getByRole('row')).not.toHaveCount(0);
  await screenshot(page, '03-deployments-drill-down');
  await dialog.getByRole('button', { name: 'Close' }).click();
});

test('a struggling service shows its open incident; the team page ranks its services worst first', async ({
  page,
  request,
}) => {
  await signInAsGuest(page);
  const summary = await summaryDuring(page, 'group:default/team-payments', () =>
    page.goto('/catalog/default/group/team-payments'),
  );
  const card = page.getByTestId('delivery-rollup-card');
  await expect(card.getByTestId('value-deploymentFrequency')).toBeVisible();
  const rows = card.getByTestId('rollup-service');
  await expect(rows).toHaveCount(summary.entities.length);
  // Worst first: the first row is the service the backend ranked worst.
  await expect(rows.first().locator('th')).toHaveText(
    summary.entities[0].title ??
      summary.entities[0].entityRef.split('/').pop()!,
  );
  await expectCardShows(
    page,
    await doraFromBackend(request, summary),
    'delivery-rollup-card',
  );
  await card.scrollIntoViewIfNeeded();
  await screenshot(page, '04-team-page');
});

test('the overview page lists every service, searchable and sortable on the server', async ({
  page,
}) => {
  await signInAsGuest(page);
  await page
    .getByRole('navigation', { name: 'sidebar nav' })
    .getByRole('link', { name: 'Delivery', exact: true })
    .click();
  await expect(page).toHaveURL(/\/delivery$/);
  const table = page.getByRole('table').first();
  await expect(
    table.getByRole('link', { name: 'Ledger', exact: true }),
  ).toBeVisible();
  await expect(
    table.getByRole('link', { name: 'Catalog search', exact: true }),
  ).toBeVisible();
  await screenshot(page, '05-overview');

  const [searched] = await Promise.all([
    page.waitForResponse(
      r =>
        r.url().includes('/api/delivery/overview') &&
        r.url().includes('search=ledger'),
    ),
    page.getByPlaceholder('Filter').fill('ledger'),
  ]);
  expect((await searched.json()).totalCount).toBe(1);
  await expect(
    table.getByRole('link', { name: 'Catalog search', exact: true }),
  ).toHaveCount(0);
  await table.getByRole('link', { name: 'Ledger', exact: true }).click();
  await expect(page).toHaveURL(
    /\/catalog\/default\/component\/ledger\/delivery$/,
  );
  await expect(page.getByTestId('delivery-dora-card')).toBeVisible();
});
