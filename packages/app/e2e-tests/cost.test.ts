import { test, expect, APIRequestContext, Page } from '@playwright/test';
import { backendApiAs, waitForDemoCost } from './backendApi';
import { failOnBrowserErrors } from './browserErrors';

// The Cost tab and the cost allocation report against the demo cost data, checked against
// what the cost backend's API answers for the same window. The organisation-wide views (the
// allocation report, the import history) need cost.organization.read, which the Runway policy
// gives to runway.admins: those tests sign in as kwame.mensah. A service's or team's cost is
// shown to everyone who sees it in the catalog, the guest included.

failOnBrowserErrors();

/** In runway.admins (app-config.yaml): sees every team's cost. */
const ADMIN = 'kwame.mensah';
const DEMO_COMPONENTS = [
  'payments',
  'ledger',
  'fraud-detection',
  'storefront-web',
  'checkout',
  'catalog-search',
  'identity',
  'notification-service',
];

type Amount = { currency: string; amount: number };

const screenshot = (page: Page, name: string) =>
  page.screenshot({
    path: `test-results/screenshots/${name}.png`,
    fullPage: true,
  });

/** How the UI must show an amount: in the exported currency, its ISO code spelled out. */
const shownAmount = ({ currency, amount }: Amount) =>
  new Intl.NumberFormat('en-US', {
    style: 'currency',
    currency,
    currencyDisplay: 'code',
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
  })
    .format(amount)
    .replace(/\s+/g, ' ');

const normalized = (text: string | null) => (text ?? '').replace(/\s+/g, ' ');

/** The "Last N days" window, computed here rather than read from the page: UTC days, today included. */
function lastDays(days: number) {
  const tomorrow = new Date();
  tomorrow.setUTCHours(0, 0, 0, 0);
  tomorrow.setUTCDate(tomorrow.getUTCDate() + 1);
  const from = new Date(tomorrow);
  from.setUTCDate(from.getUTCDate() - days);
  return {
    from: from.toISOString().slice(0, 10),
    to: tomorrow.toISOString().slice(0, 10),
  };
}

let api: APIRequestContext;

async function getJson(path: string) {
  const response = await api.get(`/api/cost${path}`);
  expect(response.status(), `GET /api/cost${path}`).toBe(200);
  return response.json();
}

async function entityCost(
  entityRef: string,
  window: { from: string; to: string },
) {
  const query = new URLSearchParams({ entityRef, ...window });
  return getJson(`/entity-cost?${query}`);
}

test.beforeAll(async () => {
  // Longer than the poll below: the first demo import can take a few minutes on a busy machine.
  test.setTimeout(210_000);
  api = await backendApiAs(ADMIN);
  await waitForDemoCost(api);
});

test.afterAll(async () => {
  await api.dispose();
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

/** Signs in through the development-only demo provider (scripts/e2e.sh turns it on). */
async function signInAs(page: Page, user: string) {
  await page.goto(`/?runway-demo-user=${encodeURIComponent(user)}`);
  await expect(
    page
      .getByRole('navigation', { name: 'sidebar nav' })
      .getByRole('link', { name: 'Catalog', exact: true }),
  ).toBeVisible();
}

/** Opens the Cost tab of an entity and waits for the browser's cost request of `window`. */
async function openCostTab(
  page: Page,
  entityPath: string,
  window: { from: string; to: string },
) {
  await page.goto(`/catalog/default/${entityPath}`);
  const costRequest = page.waitForRequest(
    request =>
      request.url().includes('/api/cost/entity-cost') &&
      new URL(request.url()).searchParams.get('from') === window.from,
  );
  await page
    .getByRole('navigation', { name: 'Content navigation' })
    .getByRole('link', { name: 'Cost', exact: true })
    .click();
  const requested = new URL((await costRequest).url()).searchParams;
  expect(requested.get('to')).toBe(window.to);
}

test('a demo service’s Cost tab shows the total the cost API returns for the same window', async ({
  page,
}) => {
  const window30 = lastDays(30);
  // The demo's spike lands on one service; open that one so the chart has it to mark.
  let service = DEMO_COMPONENTS[0];
  let cost = await entityCost(`component:default/${service}`, window30);
  for (const name of DEMO_COMPONENTS) {
    const candidate = await entityCost(`component:default/${name}`, window30);
    if (candidate.anomalies.length > 0) {
      service = name;
      cost = candidate;
      break;
    }
  }
  expect(cost.totals.length, `demo cost of ${service}`).toBeGreaterThan(0);

  await signInAs(page, ADMIN);
  await openCostTab(page, `component/${service}`, window30);

  for (const total of cost.totals as Amount[]) {
    await expect(
      page.getByTestId(`cost-total-${total.currency}`),
    ).toBeVisible();
    expect(
      normalized(
        await page.getByTestId(`cost-total-${total.currency}`).textContent(),
      ),
    ).toBe(shownAmount(total));
  }
  const forecast = cost.forecast[0];
  expect(
    normalized(
      await page
        .getByTestId(`cost-forecast-${forecast.currency}`)
        .textContent(),
    ),
  ).toBe(
    shownAmount({ currency: forecast.currency, amount: forecast.forecast }),
  );
  await expect(page.getByText('Breakdown', { exact: true })).toBeVisible();
  if (cost.anomalies.length > 0) {
    await expect(page.locator('.recharts-reference-dot')).toHaveCount(
      cost.anomalies.length,
    );
    await expect(
      page.getByText(`Anomalies (${cost.anomalies.length})`),
    ).toBeVisible();
  }
  await screenshot(page, 'cost-01-service-cost-tab');

  // Another period: the page asks for that window and shows what the API gives for it.
  const window90 = lastDays(90);
  const cost90 = await entityCost(`component:default/${service}`, window90);
  const request90 = page.waitForRequest(
    request =>
      request.url().includes('/api/cost/entity-cost') &&
      new URL(request.url()).searchParams.get('from') === window90.from,
  );
  await page.getByLabel('Period').selectOption('last-90-days');
  await request90;
  const total90 = cost90.totals[0] as Amount;
  await expect
    .poll(async () =>
      normalized(
        await page.getByTestId(`cost-total-${total90.currency}`).textContent(),
      ),
    )
    .toBe(shownAmount(total90));
  await screenshot(page, 'cost-02-service-cost-90-days');
});

test('a team’s Cost tab rolls up what the team owns', async ({ page }) => {
  const window30 = lastDays(30);
  const cost = await entityCost('group:default/team-payments', window30);
  expect(cost.scope.length).toBeGreaterThan(1);

  await signInAs(page, ADMIN);
  // The overview of a team carries the cost summary card.
  await page.goto('/catalog/default/group/team-payments');
  const costCard = page
    .getByRole('link', { name: /View cost details/ })
    .locator('xpath=ancestor::div[contains(@class, "MuiCard-root")][1]');
  await expect(
    costCard.getByText(/^Month-end forecast|^Month total/),
  ).toBeVisible();
  await costCard.scrollIntoViewIfNeeded();
  // The entity page scrolls inside its own container, so a full-page shot would miss the card.
  await costCard.screenshot({
    path: 'test-results/screenshots/cost-03-team-overview-card.png',
  });

  await openCostTab(page, 'group/team-payments', window30);
  const total = cost.totals[0] as Amount;
  await expect(page.getByTestId(`cost-total-${total.currency}`)).toBeVisible();
  expect(
    normalized(
      await page.getByTestId(`cost-total-${total.currency}`).textContent(),
    ),
  ).toBe(shownAmount(total));
  await expect(page.getByText(/Includes the cost of \d+ entit/)).toBeVisible();
  await screenshot(page, 'cost-04-team-cost-tab');
});

test('the allocation report shows coverage, unallocated spend and the demo import', async ({
  page,
}) => {
  const report = await getJson(
    `/allocation?${new URLSearchParams({ ...lastDays(30), limit: '10' })}`,
  );
  expect(report.coverage.length).toBeGreaterThan(0);
  expect(report.topResources.length).toBeGreaterThan(0);

  // Through the development-only demo sign-in (scripts/e2e.sh turns it on).
  await page.goto(`/?runway-demo-user=${ADMIN}`);
  await expect(
    page
      .getByRole('navigation', { name: 'sidebar nav' })
      .getByRole('link', { name: 'Catalog', exact: true }),
  ).toBeVisible();
  await page
    .getByRole('navigation', { name: 'sidebar nav' })
    .getByRole('link', { name: 'Cost allocation', exact: true })
    .click();
  await expect(page).toHaveURL(/\/cost/);

  const coverage = report.coverage[0];
  const coverageCard = page.getByTestId(`coverage-${coverage.currency}`);
  await expect(coverageCard).toBeVisible();
  const share = `${new Intl.NumberFormat('en-US', {
    style: 'percent',
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
  }).format(coverage.allocated / coverage.total)} allocated`;
  expect(normalized(await coverageCard.textContent())).toContain(share);
  expect(normalized(await coverageCard.textContent())).toContain(
    `${shownAmount({
      currency: coverage.currency,
      amount: coverage.unallocated,
    })} unallocated`,
  );

  const topResource = report.topResources[0];
  await expect(
    page.getByText(topResource.resourceName ?? topResource.resourceId).first(),
  ).toBeVisible();
  const importHistory = page.locator('table', { hasText: 'runway-demo' });
  await expect(importHistory.getByText('succeeded').first()).toBeVisible();
  await screenshot(page, 'cost-05-allocation-report');
});

test('the delivery overview’s Cost column shows what the cost API returns for a service', async ({
  page,
}) => {
  await signInAs(page, ADMIN);
  // The page asks for the costs of the rows it shows, all in one request.
  const costRequest = page.waitForRequest(
    request =>
      request.url().includes('/api/cost/overview') &&
      new URL(request.url()).searchParams.has('entityRef'),
  );
  await page
    .getByRole('navigation', { name: 'sidebar nav' })
    .getByRole('link', { name: 'Delivery', exact: true })
    .click();
  await expect(page).toHaveURL(/\/delivery$/);
  const asked = new URL((await costRequest).url()).searchParams;
  const refs = asked.getAll('entityRef');
  expect(refs.length).toBeGreaterThan(1);
  await expect(page.getByRole('columnheader', { name: 'Cost' })).toBeVisible();

  // The same question, asked of the API directly: the window of the page, the page's rows.
  const overview = await getJson(`/overview?${asked}`);
  const item = (
    overview.items as { entityRef: string; totals: Amount[] }[]
  ).find(candidate => candidate.totals.length > 0);
  expect(item, 'a demo service on the first page with cost').toBeDefined();
  const name = item!.entityRef.split('/').pop()!;
  const row = page.locator('tr', {
    has: page.locator(`a[href$="/component/${name}/delivery"]`),
  });
  const costCell = row.locator('td').last();
  await expect
    .poll(async () => normalized(await costCell.textContent()))
    .toBe(item!.totals.map(shownAmount).join(''));
  // The column is the table's last: scroll the table sideways so that the picture shows it.
  await costCell.scrollIntoViewIfNeeded();
  await page.screenshot({
    path: 'test-results/screenshots/cost-06-delivery-overview-cost-column.png',
  });
});

test('the guest sees any service’s cost, and is told the allocation report is the platform team’s', async ({
  page,
}) => {
  const window30 = lastDays(30);
  // payments belongs to team-payments; the guest is in team-platform.
  const cost = await entityCost('component:default/payments', window30);
  expect(cost.totals.length, 'demo cost of payments').toBeGreaterThan(0);

  await signInAsGuest(page);
  await openCostTab(page, 'component/payments', window30);
  for (const total of cost.totals as Amount[]) {
    await expect(
      page.getByTestId(`cost-total-${total.currency}`),
    ).toBeVisible();
    expect(
      normalized(
        await page.getByTestId(`cost-total-${total.currency}`).textContent(),
      ),
    ).toBe(shownAmount(total));
  }

  // Unallocated spend and the import history cover every team: the page says so without
  // asking the backend for what it would refuse (a refused request would be a console error).
  const refused: string[] = [];
  page.on('response', response => {
    if (response.url().includes('/api/cost/') && response.status() === 403) {
      refused.push(response.url());
    }
  });
  await page
    .getByRole('navigation', { name: 'sidebar nav' })
    .getByRole('link', { name: 'Cost allocation', exact: true })
    .click();
  await expect(
    page.getByText('Cost allocation is for the platform team'),
  ).toBeVisible();
  await expect(page.getByText('runway-demo')).toHaveCount(0);
  expect(refused).toEqual([]);
  await screenshot(page, 'cost-07-guest-allocation');
});
