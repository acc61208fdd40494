import { test, expect, Locator, Page, Request } from '@playwright/test';
import { backendApiAs, waitForDemoCost } from './backendApi';
import { failOnBrowserErrors } from './browserErrors';
import {
  CATALOG_CONTENT,
  clippedText,
  expectAxeClean,
  horizontalOverflow,
  midWordBreaks,
  signInAs,
  signInAsGuest,
} from './layout';

// Issue 18, "health at a glance": the catalog at the address Backstage users bookmark, and
// Runway's wide tables readable without horizontal scrolling on a laptop screen.

failOnBrowserErrors();

const ADMIN = 'kwame.mensah';

const screenshot = (page: Page, name: string) =>
  page.screenshot({
    path: `test-results/screenshots/glance-${name}.png`,
    fullPage: true,
  });

test.describe('the catalog answers at /catalog', () => {
  test('/catalog, its filter links, / and entity links all reach the catalog', async ({
    page,
  }) => {
    await signInAsGuest(page);

    await page.goto('/catalog');
    await expect(
      page.getByRole('heading', { name: 'Runway Demo Co. Catalog' }),
    ).toBeVisible();

    // The kind of link another Backstage portal (or a bookmark) carries.
    await page.goto('/catalog?filters%5Bkind%5D=group&filters%5Buser%5D=all');
    await expect(
      page.getByRole('heading', { name: /^All Groups/, level: 2 }),
    ).toBeVisible();
    await expect(
      page
        .getByRole('table')
        .getByRole('link', { name: 'Payments', exact: true }),
    ).toBeVisible();

    // The landing page redirects there and keeps the query string.
    await page.goto('/?filters%5Bkind%5D=system&filters%5Buser%5D=all');
    await expect(page).toHaveURL(/\/catalog\?filters%5Bkind%5D=system/);
    await expect(
      page.getByRole('heading', { name: /^All Systems/, level: 2 }),
    ).toBeVisible();

    await page.goto('/catalog/default/component/payments');
    await expect(
      page.getByRole('heading', { name: 'Payments service' }).first(),
    ).toBeVisible();
    await screenshot(page, 'catalog-entity');
  });
});

/** Waits until a resize has been laid out (and media-query listeners have re-rendered). */
const settled = (page: Page) =>
  page.evaluate(
    () =>
      new Promise<void>(resolve =>
        requestAnimationFrame(() => requestAnimationFrame(() => resolve())),
      ),
  );

type Size = { width: number; height: number };
const sizeName = (size: Size) => `${size.width}x${size.height}`;

/**
 * Lays the page already loaded out again at each size in turn and runs `check` there. A
 * resize re-runs the layout and the media queries as a load at that size would, without
 * loading the (development-built) app again.
 */
async function atEachSize(
  page: Page,
  sizes: Size[],
  check: (size: string) => Promise<void>,
) {
  for (const size of sizes) {
    await page.setViewportSize(size);
    await settled(page);
    await test.step(sizeName(size), () => check(sizeName(size)));
  }
}

// The laptop widths the tables must fit; wider screens only add room.
const LAPTOPS: Size[] = [
  { width: 1280, height: 800 },
  { width: 1440, height: 1000 },
];

test.describe('tables fit at 1280x800 and 1440x1000', () => {
  test.use({ viewport: LAPTOPS[0] });

  test('the delivery overview', async ({ page }) => {
    await signInAs(page, ADMIN, '/delivery');
    const table = page.getByRole('table').first();
    // Rows of the demo organisation, each with its owner's display name.
    await expect(
      table.getByRole('link', { name: 'Payments', exact: true }).first(),
    ).toBeVisible();
    await expect(table.getByRole('progressbar')).toHaveCount(0);
    await atEachSize(page, LAPTOPS, async size => {
      expect(await horizontalOverflow(page)).toEqual([]);
      expect(await midWordBreaks(page, 'table td, table th')).toEqual([]);
      // The header row stays on screen while the rows scroll.
      const position = await table
        .locator('thead th')
        .first()
        .evaluate(th => getComputedStyle(th).position);
      expect(position).toBe('sticky');
      await screenshot(page, `delivery-${size}`);
      await expectAxeClean(page);
    });
  });

  test('the cost allocation report', async ({ page }) => {
    // Its rows are the demo cost data, which the backend imports shortly after it starts (the
    // cost tests wait for it too, but this file may run first or alone).
    test.setTimeout(240_000);
    const api = await backendApiAs(ADMIN);
    await waitForDemoCost(api);
    await api.dispose();
    await signInAs(page, ADMIN, '/cost');
    await expect(page.getByRole('table').first()).toBeVisible();
    await expect(page.getByRole('progressbar')).toHaveCount(0);
    await atEachSize(page, LAPTOPS, async size => {
      expect(await horizontalOverflow(page)).toEqual([]);
      expect(await midWordBreaks(page, 'table td, table th')).toEqual([]);
      await screenshot(page, `cost-allocation-${size}`);
      await expectAxeClean(page);
    });
  });

  test('the environments list', async ({ page }) => {
    // A row to lay out: an environment of a service, requested as the admin through the
    // API (the catalogue's first type and size; the request itself is not under test).
    const api = await backendApiAs(ADMIN);
    const types = await api.get('/api/environments/types');
    expect(types.status()).toBe(200);
    const catalogue = await types.json();
    const type = catalogue.types[0];
    const created = await api.post('/api/environments/requests', {
      data: {
        entityRef: 'component:default/identity',
        type: type.name,
        size: type.sizes[0].name,
        branch: 'feature/glance-layout',
        purpose: 'layout check of the environments list',
      },
    });
    expect(created.status(), await created.text()).toBeLessThan(300);
    await api.dispose();

    await signInAs(page, ADMIN, '/environments');
    await expect(
      page
        .getByRole('row')
        .filter({ hasText: 'feature/glance-layout' })
        .first(),
    ).toBeVisible();
    await expect(page.getByRole('progressbar')).toHaveCount(0);
    await atEachSize(page, LAPTOPS, async size => {
      expect(await horizontalOverflow(page)).toEqual([]);
      expect(await midWordBreaks(page, 'table td, table th')).toEqual([]);
      await screenshot(page, `environments-${size}`);
      await expectAxeClean(page);
    });
  });
});

test.describe('names stay whole words at 1280x800 and 1440x1000', () => {
  test.use({ viewport: LAPTOPS[0] });

  test('the catalog list and the Group page’s rollup table', async ({
    page,
  }) => {
    // The Group page's older rollup table ("Servic / e" once).
    await signInAs(page, ADMIN, '/catalog/default/group/team-payments');
    const rollup = page.getByTestId('delivery-rollup-card');
    await expect(rollup.getByTestId('rollup-service').first()).toBeVisible();
    await atEachSize(page, LAPTOPS, async size => {
      expect(
        await midWordBreaks(
          page,
          '[data-testid="delivery-rollup-card"] th, [data-testid="delivery-rollup-card"] td',
        ),
      ).toEqual([]);
      await rollup.scrollIntoViewIfNeeded();
      await screenshot(page, `group-rollup-${size}`);
    });

    // The catalog list of components: service names and owners' display names
    // ("Payme / nts" once), beside the health columns.
    await page.setViewportSize(LAPTOPS[0]);
    await page.goto(
      '/catalog?filters%5Bkind%5D=component&filters%5Buser%5D=all',
    );
    const table = page.getByRole('table').first();
    await expect(
      table.getByRole('link', { name: 'Payments service', exact: true }),
    ).toBeVisible();
    await expect(
      table.getByRole('link', { name: 'Payments', exact: true }).first(),
    ).toBeVisible();
    await expect(table.getByRole('progressbar')).toHaveCount(0);
    await atEachSize(page, LAPTOPS, async size => {
      expect(
        await midWordBreaks(page, 'table td, table th', CATALOG_CONTENT),
      ).toEqual([]);
      expect(await horizontalOverflow(page, CATALOG_CONTENT)).toEqual([]);
      // The filter column beside the table: its labels whole ("Ownec" once at 1280 px).
      expect(
        await clippedText(page, '[data-testid="catalog-filters"]'),
      ).toEqual([]);
      await screenshot(page, `catalog-names-${size}`);
    });
  });
});

/** Text as a person reads it: non-breaking spaces (Intl's currency format) as spaces. */
const normalized = (text: string | null) =>
  (text ?? '').replace(/\s+/g, ' ').trim();

const formatCost = (amount: number, currency: string) =>
  normalized(
    new Intl.NumberFormat('en-US', {
      style: 'currency',
      currency,
      currencyDisplay: 'code',
      minimumFractionDigits: 2,
      maximumFractionDigits: 2,
    }).format(amount),
  );

type Metrics = Record<string, Record<string, number | null>>;

/** The four key DORA figures, the value each is judged by, and which way is better. */
const KEY_FIGURES: Record<string, [string, 'higher' | 'lower']> = {
  deploymentFrequency: ['perWeek', 'higher'],
  leadTime: ['medianSeconds', 'lower'],
  changeFailureRate: ['rate', 'lower'],
  recoveryTime: ['medianSeconds', 'lower'],
};
const KEY_METRICS = Object.keys(KEY_FIGURES);

/** The trend a metric shows, from the API's current and previous figures. */
function expectedTrend(key: string, current: Metrics, previous: Metrics) {
  const [field, better] = KEY_FIGURES[key];
  const now = current[key][field];
  const before = previous[key][field];
  if (now === null || before === null) return 'none';
  if (now === before) return 'unchanged';
  return now > before === (better === 'higher') ? 'better' : 'worse';
}

const SERVICE = 'component:default/checkout';

// The sizes the cards are checked at: a laptop and a desktop screen.
const SCREENS: Size[] = [
  { width: 1280, height: 800 },
  { width: 1920, height: 1080 },
];

/** The path and query of a request the page made, to send again from the test. */
const pathOf = (request: Request) => {
  const url = new URL(request.url());
  return `${url.pathname}${url.search}`;
};

/** The cost lines a cell shows for the API's totals: one per currency, or an em dash. */
const costLines = (totals: Array<{ amount: number; currency: string }>) =>
  totals.length > 0
    ? totals.map(total => formatCost(total.amount, total.currency))
    : ['—'];

/** What a cell shows, line by line, as a person reads it. */
const linesOf = async (cell: Locator) =>
  (await cell.innerText()).split('\n').map(normalized).filter(Boolean);

test.describe('the service health card at 1280x800 and 1920x1080', () => {
  test.use({ viewport: SCREENS[0] });

  test('opens a component’s Overview with the figures the APIs give', async ({
    page,
  }) => {
    // Several APIs and a full Overview on a shared machine: more than the default time.
    test.slow();
    // The cost part's figures are the demo cost data, imported shortly after the backend starts.
    const admin = await backendApiAs(ADMIN);
    await waitForDemoCost(admin);
    await admin.dispose();
    // The card's own requests: the delivery overview row of this service, its cost, its
    // environments (those the Environments card lists too: the two share one request).
    const deliveryResponse = page.waitForResponse(
      r =>
        r.url().includes('/api/delivery/overview') &&
        new URL(r.url()).searchParams.getAll('entityRef').join() === SERVICE,
    );
    const costResponse = page.waitForResponse(
      r =>
        new URL(r.url()).pathname === '/api/cost/entity-cost/summary' &&
        new URL(r.url()).searchParams.get('entityRef') === SERVICE,
    );
    const environmentsResponse = page.waitForResponse(
      r =>
        r.url().includes('/api/environments/requests') &&
        new URL(r.url()).searchParams.get('entityRef') === SERVICE &&
        new URL(r.url()).searchParams.get('view') === 'all',
    );
    await signInAs(page, ADMIN, '/catalog/default/component/checkout');
    const card = page.getByTestId('service-health-card');
    await expect(card).toBeVisible();

    // What the APIs give for the card's own questions, asked again by the test.
    const delivery = await (await deliveryResponse).json();
    const api = await backendApiAs(ADMIN);
    const deliveryQuery = new URL((await deliveryResponse).url()).search;
    const direct = await (
      await api.get(`/api/delivery/overview${deliveryQuery}`)
    ).json();
    expect(direct.items).toEqual(delivery.items);
    const row = direct.items.find(
      (item: { entityRef: string }) => item.entityRef === SERVICE,
    );
    expect(row, 'the demo service has delivery events').toBeDefined();
    const cost = await (await costResponse).json();
    const costQuery = new URL((await costResponse).url()).search;
    // The summary's figures are the full entity cost's for the same window.
    const directCost = await (
      await api.get(`/api/cost/entity-cost${costQuery}`)
    ).json();
    expect(directCost.totals).toEqual(cost.totals);
    expect(directCost.forecast).toEqual(cost.forecast);
    expect(
      directCost.totals.length,
      'the demo service has cost',
    ).toBeGreaterThan(0);
    const live = (
      (await (await environmentsResponse).json()) as {
        items: Array<{ state: string }>;
      }
    ).items.filter(item =>
      ['approved', 'provisioning', 'ready', 'expiring'].includes(item.state),
    );
    const drift = await (
      await api.get(
        `/api/golden-paths/drift?entityRef=${encodeURIComponent(SERVICE)}`,
      )
    ).json();
    await api.dispose();

    const goldenPathCard = page
      .locator('.MuiCard-root')
      .filter({ has: page.getByText('Golden path', { exact: true }) });
    const deployment = card.getByTestId('health-deployment');
    const dora = card.getByTestId('health-dora');
    const costPart = card.getByTestId('health-cost');
    const environmentsPart = card.getByTestId('health-environments');
    const goldenPath = card.getByTestId('health-golden-path');

    await atEachSize(page, SCREENS, async size => {
      // The top of the Overview: above every other content card (the golden path card).
      await expect(goldenPathCard).toBeVisible();
      // Asked until both are laid out: the card's placeholder gives way to its figures (another
      // element with the same test id), and a card hidden for that instant has no box.
      await expect
        .poll(
          async () => {
            const [top, other] = await Promise.all([
              card.boundingBox(),
              goldenPathCard.boundingBox(),
            ]);
            return top && other ? top.y < other.y : 'not laid out';
          },
          { message: 'the health card is above the golden path card' },
        )
        .toBe(true);

      // Delivery: the API's row.
      if (row.lastDeployment) {
        await expect(deployment).toContainText(
          row.lastDeployment.version ?? 'unversioned',
        );
      }
      const levelLabel = row.level.charAt(0).toUpperCase() + row.level.slice(1);
      await expect(dora).toContainText(levelLabel);
      // The four key figures, each with its trend arrow as the previous window gives it.
      await expect(dora.locator('dd[data-metric]')).toHaveCount(4);
      const trends = await dora
        .locator('[data-trend-metric]')
        .evaluateAll(els =>
          els.map(el => [
            el.getAttribute('data-trend-metric'),
            el.getAttribute('data-trend'),
          ]),
        );
      expect(trends).toEqual(
        KEY_METRICS.map(key => [key, expectedTrend(key, row, row.previous)]),
      );
      for (const [key, trend] of trends) {
        if (trend === 'better' || trend === 'worse') {
          // The judgement in words, not by colour alone.
          await expect(
            dora.locator(`[data-trend-metric="${key}"]`),
          ).toHaveAttribute('aria-label', new RegExp(`${trend} than`));
        }
      }
      // The main pipeline's latest run, linked to CI where the run has an address.
      if (row.defaultBranchRun?.url) {
        await expect(
          card.getByTestId('health-pipeline').getByTestId('run-link'),
        ).toHaveAttribute('href', row.defaultBranchRun.url);
      }
      if (row.lastDeployment?.pipelineRun?.url) {
        await expect(deployment.getByTestId('run-link')).toHaveAttribute(
          'href',
          row.lastDeployment.pipelineRun.url,
        );
      }

      // Cost: the API's total for the same window, and the month-end forecast.
      for (const total of directCost.totals) {
        await expect
          .poll(async () => normalized(await costPart.textContent()))
          .toContain(formatCost(total.amount, total.currency));
      }
      for (const forecast of directCost.forecast) {
        expect(normalized(await costPart.textContent())).toContain(
          formatCost(forecast.forecast, forecast.currency),
        );
      }

      // Environments: as many live ones as the API lists.
      if (live.length > 0) {
        await expect(environmentsPart).toContainText(`${live.length} live`);
      } else {
        await expect(environmentsPart).toContainText('No live environments');
      }

      // Golden path: the drift status the golden-paths API gives.
      if (drift.status === 'upgrade-available') {
        await expect(goldenPath).toContainText(
          `Upgrade available: ${drift.recordedVersion} → ${drift.currentVersion}`,
        );
      } else if (drift.status === 'current') {
        await expect(goldenPath).toContainText('Up to date');
      }

      // Each part leads to its tab.
      await expect(
        deployment.getByRole('link', { name: 'Last production deployment' }),
      ).toHaveAttribute(
        'href',
        /\/catalog\/default\/component\/checkout\/delivery$/,
      );
      await expect(
        costPart.getByRole('link', { name: 'Cost, last 30 days' }),
      ).toHaveAttribute(
        'href',
        /\/catalog\/default\/component\/checkout\/cost$/,
      );

      await expect(card.getByLabel('Loading')).toHaveCount(0);
      expect(await horizontalOverflow(page)).toEqual([]);
      await screenshot(page, `service-health-${size}`);
      await expectAxeClean(page, { mustContain: 'Service health' });
      await expectAxeClean(page, {
        include: '[data-testid="service-health-card"]',
      });
    });
  });
});

const TEAM = 'group:default/team-storefront';

test.describe('the team health card at 1280x800 and 1920x1080', () => {
  test.use({ viewport: SCREENS[0] });

  test('opens a Group’s Overview with its services worst first, as the APIs give them', async ({
    page,
  }) => {
    // Several APIs and a full Overview on a shared machine: more than the default time.
    test.slow();
    // The cost part's figures are the demo cost data, imported shortly after the backend starts.
    const admin = await backendApiAs(ADMIN);
    await waitForDemoCost(admin);
    await admin.dispose();
    const teamResponse = page.waitForResponse(
      r =>
        r.url().includes('/api/delivery/overview') &&
        new URL(r.url()).searchParams.get('owner') === TEAM,
    );
    // The cost of all the team's services: one request to the cost overview.
    const costRequests: Request[] = [];
    page.on('request', request => {
      if (new URL(request.url()).pathname.endsWith('/api/cost/overview')) {
        costRequests.push(request);
      }
    });
    await signInAs(page, ADMIN, '/catalog/default/group/team-storefront');
    const card = page.getByTestId('team-health-card');
    await expect(card).toBeVisible();
    const response = await teamResponse;
    const api = await backendApiAs(ADMIN);
    const direct = await (
      await api.get(`/api/delivery/overview${new URL(response.url()).search}`)
    ).json();
    expect(direct.items).toEqual((await response.json()).items);
    expect(direct.items.length, 'the demo team has services').toBeGreaterThan(
      0,
    );

    const rows = card.getByTestId('team-health-row');
    await expect(rows).toHaveCount(direct.items.length);
    const shown = await rows.evaluateAll(els =>
      els.map(el => el.getAttribute('data-entity-ref')!),
    );
    expect([...shown].sort()).toEqual(
      direct.items.map((i: { entityRef: string }) => i.entityRef).sort(),
    );

    // Cost: once every cell has its figure, exactly one cost request was made, for exactly
    // the rows shown; the test sends it again and expects the same figures in each row.
    await expect(card.getByLabel('Loading cost')).toHaveCount(0);
    expect(costRequests.map(pathOf)).toHaveLength(1);
    const costUrl = new URL(costRequests[0].url());
    expect(costUrl.searchParams.get('kind')).toBe('component');
    expect(
      costUrl.searchParams
        .getAll('entityRef')
        .map(ref => ref.toLocaleLowerCase('en-US'))
        .sort(),
    ).toEqual(shown.map(ref => ref.toLocaleLowerCase('en-US')).sort());
    const costResponse = await api.get(pathOf(costRequests[0]));
    expect(costResponse.status()).toBe(200);
    const costByRef = new Map<
      string,
      Array<{ amount: number; currency: string }>
    >(
      (
        (await costResponse.json()).items as Array<{
          entityRef: string;
          totals: Array<{ amount: number; currency: string }>;
        }>
      ).map(item => [item.entityRef.toLocaleLowerCase('en-US'), item.totals]),
    );
    await api.dispose();
    expect(
      [...costByRef.values()].some(totals => totals.length > 0),
      'the demo team has cost',
    ).toBe(true);

    // Worst first: every failing main pipeline before any other row, and by level within.
    const byRef = new Map<string, any>(
      direct.items.map((i: { entityRef: string }) => [i.entityRef, i]),
    );
    const rank = (ref: string) => {
      const item = byRef.get(ref);
      return [
        item.pipelineStatus === 'failed' ? 0 : 1,
        ['low', 'medium', 'high', 'elite'].indexOf(item.level),
      ];
    };
    for (let i = 1; i < shown.length; i++) {
      const [failingBefore, levelBefore] = rank(shown[i - 1]);
      const [failing, level] = rank(shown[i]);
      expect(
        failingBefore < failing ||
          (failingBefore === failing && levelBefore <= level),
        `${shown[i - 1]} before ${shown[i]}`,
      ).toBe(true);
    }

    await atEachSize(page, SCREENS, async size => {
      // Each row's figures: level, deployment, the trend counts of the API's figures and
      // the 30-day cost.
      for (const ref of shown) {
        const item = byRef.get(ref);
        const row = card.locator(`[data-entity-ref="${ref}"]`);
        await expect(row.locator(`[data-level="${item.level}"]`)).toHaveCount(
          1,
        );
        if (item.lastDeployment) {
          await expect(row.locator('[data-column="deployment"]')).toContainText(
            item.lastDeployment.version ?? 'unversioned',
          );
        }
        const trends = KEY_METRICS.map(key =>
          expectedTrend(key, item, item.previous),
        );
        const trend = row.locator('[data-worse]');
        await expect(trend).toHaveAttribute(
          'data-worse',
          String(trends.filter(t => t === 'worse').length),
        );
        await expect(trend).toHaveAttribute(
          'data-better',
          String(trends.filter(t => t === 'better').length),
        );
        expect(
          await linesOf(row.locator('[data-column="cost"]')),
          `${ref} cost`,
        ).toEqual(
          costLines(costByRef.get(ref.toLocaleLowerCase('en-US')) ?? []),
        );
      }

      // First on the Overview: no other card of the page above it.
      const cardTop = (await card.boundingBox())!.y;
      for (const other of await page.locator('.MuiCard-root').all()) {
        if ((await other.getByTestId('team-health-card').count()) === 0) {
          expect(cardTop).toBeLessThanOrEqual((await other.boundingBox())!.y);
        }
      }

      expect(await horizontalOverflow(page)).toEqual([]);
      // Service names and headings stay whole words.
      expect(
        await midWordBreaks(
          page,
          '[data-testid="team-health-card"] td, [data-testid="team-health-card"] th',
        ),
      ).toEqual([]);
      await screenshot(page, `team-health-${size}`);
      await expectAxeClean(page, {
        include: '[data-testid="team-health-card"]',
      });
    });
    // Laying the card out again asked for nothing new.
    expect(costRequests).toHaveLength(1);
  });
});
