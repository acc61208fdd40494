import AxeBuilder from '@axe-core/playwright';
import { test, expect, Page } from '@playwright/test';
import { backendApiAs } from './backendApi';
import { failOnBrowserErrors } from './browserErrors';

// Issue 18, "health at a glance": the catalog at the address Backstage users bookmark, and
// Runway's wide tables readable without horizontal scrolling on a laptop screen.

failOnBrowserErrors();

const ADMIN = 'kwame.mensah';

const screenshot = (page: Page, name: string) =>
  page.screenshot({
    path: `test-results/screenshots/glance-${name}.png`,
    fullPage: true,
  });

const sidebarCatalogLink = (page: Page) =>
  page
    .getByRole('navigation', { name: 'sidebar nav' })
    .getByRole('link', { name: 'Catalog', exact: true });

/** Signs in through the development-only demo provider (scripts/e2e.sh turns it on). */
async function signInAs(page: Page, user: string) {
  await page.goto(`/?runway-demo-user=${encodeURIComponent(user)}`);
  await expect(sidebarCatalogLink(page)).toBeVisible();
}

async function signInAsGuest(page: Page) {
  await page.goto('/');
  await page.getByRole('button', { name: 'Enter' }).click();
  await expect(sidebarCatalogLink(page)).toBeVisible();
}

/**
 * The page's main content: the element that holds its header and its `Content` (an
 * `article`); the app's layout has no `main` landmark of its own.
 */
const MAIN_CONTENT = 'article';

/**
 * What of the main content is wider than its box: the document, the content's container and
 * every scroll container inside it (a table scrolls in its own box, which the container alone
 * would not show).
 */
async function horizontalOverflow(page: Page) {
  await expect(page.locator(MAIN_CONTENT).first()).toBeVisible();
  return page.evaluate(selector => {
    const content = document.querySelector<HTMLElement>(selector)!;
    const container = content.parentElement!;
    const boxes = [
      document.documentElement,
      container,
      ...Array.from(container.querySelectorAll<HTMLElement>('*')).filter(el => {
        const overflowX = getComputedStyle(el).overflowX;
        return overflowX === 'auto' || overflowX === 'scroll';
      }),
    ];
    return boxes
      .filter(el => el.scrollWidth > el.clientWidth + 1)
      .map(
        el =>
          `${el.tagName.toLowerCase()}.${el.className}: ${el.scrollWidth} > ${
            el.clientWidth
          }`,
      );
  }, MAIN_CONTENT);
}

/**
 * Words in `selector` (inside the main content) that the browser broke across lines, e.g. a
 * team name squeezed into syllables ("Pay / men / ts"); breaks between words are fine.
 */
async function midWordBreaks(page: Page, selector: string) {
  return page.evaluate(
    ([content, sel]) => {
      const broken: string[] = [];
      const cells = document
        .querySelector(content)!
        .parentElement!.querySelectorAll<HTMLElement>(sel);
      for (const cell of Array.from(cells)) {
        const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          const text = node.textContent ?? '';
          const range = document.createRange();
          let previousTop: number | undefined;
          for (let i = 0; i < text.length; i++) {
            range.setStart(node, i);
            range.setEnd(node, i + 1);
            const rect = range.getClientRects()[0];
            if (!rect) {
              continue;
            }
            const top = Math.round(rect.top);
            if (
              previousTop !== undefined &&
              top > previousTop &&
              /\S/.test(text[i]) &&
              /[^\s\-/·]/.test(text[i - 1] ?? ' ')
            ) {
              broken.push(text);
              break;
            }
            previousTop = top;
          }
        }
      }
      return broken;
    },
    [MAIN_CONTENT, selector] as const,
  );
}

async function expectAxeClean(page: Page, include = MAIN_CONTENT) {
  // The region checked must be on the page: an include matching nothing passes vacuously.
  expect(await page.locator(include).count()).toBeGreaterThan(0);
  const axe = await new AxeBuilder({ page })
    .include(include)
    // Backstage's Table (material-table) nests a button inside each sortable column header's
    // sort label: the library's markup, the same on every Backstage table.
    .disableRules(['nested-interactive'])
    .analyze();
  const serious = axe.violations.filter(
    v => v.impact === 'serious' || v.impact === 'critical',
  );
  expect(
    serious.map(v => `${v.id}: ${v.nodes.map(n => n.target).join(', ')}`),
  ).toEqual([]);
}

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

// The laptop widths the tables must fit; wider screens only add room.
for (const viewport of [
  { width: 1280, height: 800 },
  { width: 1440, height: 1000 },
]) {
  test.describe(`tables fit at ${viewport.width}x${viewport.height}`, () => {
    test.use({ viewport });
    const size = `${viewport.width}x${viewport.height}`;

    test('the delivery overview', async ({ page }) => {
      await signInAs(page, ADMIN);
      await page.goto('/delivery');
      const table = page.getByRole('table').first();
      // Rows of the demo organisation, each with its owner's display name.
      await expect(
        table.getByRole('link', { name: 'Payments', exact: true }).first(),
      ).toBeVisible();
      await expect(table.getByRole('progressbar')).toHaveCount(0);
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

    test('the cost allocation report', async ({ page }) => {
      await signInAs(page, ADMIN);
      await page.goto('/cost');
      await expect(page.getByRole('table').first()).toBeVisible();
      await expect(page.getByRole('progressbar')).toHaveCount(0);
      expect(await horizontalOverflow(page)).toEqual([]);
      expect(await midWordBreaks(page, 'table td, table th')).toEqual([]);
      await screenshot(page, `cost-allocation-${size}`);
      await expectAxeClean(page);
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

      await signInAs(page, ADMIN);
      await page.goto('/environments');
      await expect(
        page
          .getByRole('row')
          .filter({ hasText: 'feature/glance-layout' })
          .first(),
      ).toBeVisible();
      await expect(page.getByRole('progressbar')).toHaveCount(0);
      expect(await horizontalOverflow(page)).toEqual([]);
      expect(await midWordBreaks(page, 'table td, table th')).toEqual([]);
      await screenshot(page, `environments-${size}`);
      await expectAxeClean(page);
    });
  });
}

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

for (const viewport of [
  { width: 1280, height: 800 },
  { width: 1920, height: 1080 },
]) {
  test.describe(`the service health card at ${viewport.width}x${viewport.height}`, () => {
    test.use({ viewport });

    test('opens a component’s Overview with the figures the APIs give', async ({
      page,
    }) => {
      // Several APIs and a full Overview on a shared machine: more than the default time.
      test.slow();
      await signInAs(page, ADMIN);
      // The card's own requests: the delivery overview row of this service, its cost, its
      // live environments.
      const deliveryResponse = page.waitForResponse(
        r =>
          r.url().includes('/api/delivery/overview') &&
          new URL(r.url()).searchParams.getAll('entityRef').join() === SERVICE,
      );
      const costResponse = page.waitForResponse(
        r =>
          r.url().includes('/api/cost/entity-cost') &&
          new URL(r.url()).searchParams.get('granularity') === 'month',
      );
      const environmentsResponse = page.waitForResponse(
        r =>
          r.url().includes('/api/environments/requests') &&
          new URL(r.url()).searchParams.get('entityRef') === SERVICE &&
          new URL(r.url()).searchParams.get('view') === 'all' &&
          new URL(r.url()).searchParams.getAll('state').join() ===
            'approved,provisioning,ready,expiring',
      );
      await page.goto('/catalog/default/component/checkout');
      const card = page.getByTestId('service-health-card');
      await expect(card).toBeVisible();

      // The top of the Overview: above every other content card (the golden path card).
      const goldenPathCard = page
        .locator('.MuiCard-root')
        .filter({ has: page.getByText('Golden path', { exact: true }) });
      await expect(goldenPathCard).toBeVisible();
      const cardTop = (await card.boundingBox())!.y;
      expect(cardTop).toBeLessThan((await goldenPathCard.boundingBox())!.y);

      // Delivery: the same row the API gives for the same question.
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
      const deployment = card.getByTestId('health-deployment');
      if (row.lastDeployment) {
        await expect(deployment).toContainText(
          row.lastDeployment.version ?? 'unversioned',
        );
      }
      const levelLabel = row.level.charAt(0).toUpperCase() + row.level.slice(1);
      await expect(card.getByTestId('health-dora')).toContainText(levelLabel);
      // The four key figures, each with its trend arrow as the previous window gives it.
      const dora = card.getByTestId('health-dora');
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
      const cost = await (await costResponse).json();
      const costQuery = new URL((await costResponse).url()).search;
      const directCost = await (
        await api.get(`/api/cost/entity-cost${costQuery}`)
      ).json();
      expect(directCost.totals).toEqual(cost.totals);
      const costPart = card.getByTestId('health-cost');
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
      const environments = await (await environmentsResponse).json();
      const environmentsPart = card.getByTestId('health-environments');
      if (environments.items.length > 0) {
        await expect(environmentsPart).toContainText(
          `${environments.items.length} live`,
        );
      } else {
        await expect(environmentsPart).toContainText('No live environments');
      }

      // Golden path: the drift status the golden-paths API gives.
      const drift = await (
        await api.get(
          `/api/golden-paths/drift?entityRef=${encodeURIComponent(SERVICE)}`,
        )
      ).json();
      await api.dispose();
      const goldenPath = card.getByTestId('health-golden-path');
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
      await screenshot(
        page,
        `service-health-${viewport.width}x${viewport.height}`,
      );
      await expectAxeClean(page);
      await expectAxeClean(page, '[data-testid="service-health-card"]');
    });
  });
}

const TEAM = 'group:default/team-storefront';

for (const viewport of [
  { width: 1280, height: 800 },
  { width: 1920, height: 1080 },
]) {
  test.describe(`the team health card at ${viewport.width}x${viewport.height}`, () => {
    test.use({ viewport });

    test('opens a Group’s Overview with its services worst first, as the API gives them', async ({
      page,
    }) => {
      // Several APIs and a full Overview on a shared machine: more than the default time.
      test.slow();
      await signInAs(page, ADMIN);
      const teamResponse = page.waitForResponse(
        r =>
          r.url().includes('/api/delivery/overview') &&
          new URL(r.url()).searchParams.get('owner') === TEAM,
      );
      await page.goto('/catalog/default/group/team-storefront');
      const card = page.getByTestId('team-health-card');
      await expect(card).toBeVisible();
      const response = await teamResponse;
      const api = await backendApiAs(ADMIN);
      const direct = await (
        await api.get(`/api/delivery/overview${new URL(response.url()).search}`)
      ).json();
      await api.dispose();
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
      // Each row's figures: level, deployment and the trend counts of the API's figures.
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
      await screenshot(
        page,
        `team-health-${viewport.width}x${viewport.height}`,
      );
      await expectAxeClean(page, '[data-testid="team-health-card"]');
    });
  });
}
