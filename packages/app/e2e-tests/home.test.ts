import { test, expect, Page, Request } from '@playwright/test';
import { backendApiAs } from './backendApi';
import { failOnBrowserErrors } from './browserErrors';
import {
  CATALOG_CONTENT,
  expectAxeClean,
  horizontalOverflow,
  signInAs,
  signInAsGuest,
} from './layout';

// Issue 18: the catalog list with health columns (one batched request per plugin per page)
// and the personal home after sign-in, checked against the backends' own answers.

failOnBrowserErrors();

/** A member of team-payments in the demo organisation (examples/org.yaml). */
const PAYMENTS_MEMBER = 'amara.okafor';

const screenshot = (page: Page, name: string) =>
  page.screenshot({
    path: `test-results/screenshots/home-${name}.png`,
    fullPage: true,
  });

type OverviewItem = {
  entityRef: string;
  level: string | null;
  lastDeployment: {
    version: string | null;
    finishedAt: string;
    status: string;
  } | null;
  pipelineStatus: string | null;
};
type CostItem = {
  entityRef: string;
  totals: Array<{ currency: string; amount: number }>;
};

const LEVEL: Record<string, string> = {
  elite: 'Elite',
  high: 'High',
  medium: 'Medium',
  low: 'Low',
};
const PIPELINE: Record<string, string> = {
  failed: 'Failed',
  running: 'Running',
  queued: 'Queued',
  cancelled: 'Cancelled',
  succeeded: 'Passing',
};
const NO_DATA = '—';

const money = (amount: number, currency: string) =>
  new Intl.NumberFormat('en-US', {
    style: 'currency',
    currency,
    currencyDisplay: 'code',
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
  }).format(amount);

/** The path and query of a request the page made, to send again from the test. */
const pathOf = (request: Request) => {
  const url = new URL(request.url());
  return `${url.pathname}${url.search}`;
};

/** The entity ref a catalog link points to (`/catalog/default/component/payments`). */
function refOfHref(href: string): string {
  const [namespace, kind, name] = decodeURIComponent(href)
    .replace(/^.*\/catalog\//, '')
    .split('/');
  return `${kind}:${namespace}/${name}`.toLocaleLowerCase('en-US');
}

/**
 * Compares the health cells of every row of `table` with the backends' answers: the column
 * positions come from the table's header, each row's entity from its first catalog link.
 */
async function expectHealthCellsMatch(
  page: Page,
  table: ReturnType<Page['locator']>,
  delivery: Map<string, OverviewItem>,
  cost: Map<string, CostItem>,
) {
  // textContent: the header cells are upper-cased by CSS only.
  const headers = (await table.locator('thead th').allTextContents()).map(h =>
    h.trim(),
  );
  const column = (title: string) => {
    const index = headers.indexOf(title);
    expect(index, `column ${title} in ${headers.join(' | ')}`).toBeGreaterThan(
      -1,
    );
    return index;
  };
  const columns = {
    level: column('DORA level'),
    deployment: column('Last production deployment'),
    pipeline: column('Main pipeline'),
    cost: column('30-day cost'),
  };
  const rows = table.locator('tbody tr');
  const count = await rows.count();
  expect(count).toBeGreaterThan(0);
  let withFigures = 0;
  for (let i = 0; i < count; i++) {
    const row = rows.nth(i);
    const href = await row
      .locator('a[href*="/catalog/"]')
      .first()
      .getAttribute('href');
    const ref = refOfHref(href!);
    const cells = row.locator('td');
    const text = async (index: number) =>
      (await cells.nth(index).innerText()).trim();
    const item = delivery.get(ref);
    const costs = cost.get(ref);

    expect(await text(columns.level), `${ref} level`).toBe(
      item?.level ? LEVEL[item.level] : NO_DATA,
    );
    expect(await text(columns.pipeline), `${ref} pipeline`).toBe(
      item?.pipelineStatus ? PIPELINE[item.pipelineStatus] : NO_DATA,
    );
    const deployment = cells.nth(columns.deployment);
    if (item?.lastDeployment) {
      await expect(deployment).toContainText(
        item.lastDeployment.version ?? 'unversioned',
      );
      await expect(deployment.locator('time')).toHaveAttribute(
        'datetime',
        item.lastDeployment.finishedAt,
      );
    } else {
      expect(await text(columns.deployment), `${ref} deployment`).toBe(NO_DATA);
    }
    const costText = await text(columns.cost);
    if (costs && costs.totals.length > 0) {
      expect(costText.split('\n').map(line => line.trim())).toEqual(
        costs.totals.map(total => money(total.amount, total.currency)),
      );
    } else {
      expect(costText, `${ref} cost`).toBe(NO_DATA);
    }
    if (item || costs?.totals.length) {
      withFigures++;
    }
  }
  return { rows: count, withFigures };
}

for (const viewport of [
  { width: 1280, height: 800 },
  { width: 1920, height: 1080 },
]) {
  const size = `${viewport.width}x${viewport.height}`;
  test.describe(`health at ${size}`, () => {
    test.use({ viewport });
    // The development server compiles each page's code on its first visit.
    test.setTimeout(240_000);

    test('the catalog list shows the health of the rows on screen, one request per plugin', async ({
      page,
    }) => {
      await signInAsGuest(page);
      // Wait until the home page has loaded what it loads, so that none of its requests
      // is counted for the catalog.
      await expect(
        page.getByTestId('my-services').getByRole('progressbar'),
      ).toHaveCount(0);

      const overviewRequests: Request[] = [];
      const costRequests: Request[] = [];
      page.on('request', request => {
        const { pathname } = new URL(request.url());
        if (pathname.endsWith('/api/delivery/overview')) {
          overviewRequests.push(request);
        } else if (pathname.endsWith('/api/cost/overview')) {
          costRequests.push(request);
        }
      });
      await page.goto(
        '/catalog?filters%5Bkind%5D=component&filters%5Buser%5D=all',
        { waitUntil: 'commit' },
      );
      const table = page.getByRole('table').first();
      await expect(
        table.getByRole('link', { name: 'Payments service', exact: true }),
      ).toBeVisible({ timeout: 120_000 });
      await expect(table.getByRole('progressbar')).toHaveCount(0);
      // Nothing more arrives later: the figures were one request per plugin.
      await page.waitForTimeout(1_000);
      expect(overviewRequests.map(pathOf)).toHaveLength(1);
      expect(costRequests.map(pathOf)).toHaveLength(1);
      const overviewUrl = new URL(overviewRequests[0].url());
      const requestedRefs = overviewUrl.searchParams.getAll('entityRef');
      expect(requestedRefs.length).toBeGreaterThan(0);

      // The same requests, sent by the test as the same user.
      const api = await backendApiAs('guest');
      const deliveryResponse = await api.get(pathOf(overviewRequests[0]));
      expect(deliveryResponse.status()).toBe(200);
      const costResponse = await api.get(pathOf(costRequests[0]));
      expect(costResponse.status()).toBe(200);
      const delivery = new Map<string, OverviewItem>(
        ((await deliveryResponse.json()).items as OverviewItem[]).map(item => [
          item.entityRef.toLocaleLowerCase('en-US'),
          item,
        ]),
      );
      const cost = new Map<string, CostItem>(
        ((await costResponse.json()).items as CostItem[]).map(item => [
          item.entityRef.toLocaleLowerCase('en-US'),
          item,
        ]),
      );
      await api.dispose();
      // The demo organisation's services have delivery history and cost.
      expect(delivery.size).toBeGreaterThan(0);

      const { rows, withFigures } = await expectHealthCellsMatch(
        page,
        table,
        delivery,
        cost,
      );
      // The request named exactly the rows on screen.
      expect(
        requestedRefs.map(ref => ref.toLocaleLowerCase('en-US')).sort(),
      ).toHaveLength(rows);
      expect(withFigures).toBeGreaterThan(0);
      test.info().annotations.push({
        type: 'figures',
        description: `${size}: ${rows} rows, ${withFigures} with figures, ${overviewRequests.length} delivery + ${costRequests.length} cost requests`,
      });

      // Sorting by DORA level orders the rows by the figures (worst first ascending).
      // The header's sort label (the header cell is also a drag handle named the same).
      await table
        .locator('thead .MuiTableSortLabel-root', { hasText: 'DORA level' })
        .click();
      const levels = (
        await table
          .locator('tbody tr')
          .evaluateAll(trs =>
            trs.map(
              tr =>
                tr.querySelector('[data-level]')?.getAttribute('data-level') ??
                '',
            ),
          )
      ).filter(Boolean);
      const rank = ['low', 'medium', 'high', 'elite'];
      expect(levels.map(level => rank.indexOf(level))).toEqual(
        [...levels.map(level => rank.indexOf(level))].sort((a, b) => a - b),
      );
      // Sorting is on the page's data: no new request.
      expect(overviewRequests).toHaveLength(1);

      expect(await horizontalOverflow(page, CATALOG_CONTENT)).toEqual([]);
      await screenshot(page, `catalog-${size}`);
      await expectAxeClean(page, {
        include: CATALOG_CONTENT,
        mustContain: 'Payments service',
      });
    });

    test('the home page after sign-in shows my services, approvals and what needs attention', async ({
      page,
    }) => {
      await signInAs(page, PAYMENTS_MEMBER);
      await expect(page).toHaveURL(/\/(\?.*)?$/);
      await expect(page.getByRole('heading', { name: 'Home' })).toBeVisible();

      // What the backends say: the user's teams, the components they own, their health.
      const api = await backendApiAs(PAYMENTS_MEMBER);
      const user = await (
        await api.get(
          `/api/catalog/entities/by-name/user/default/${PAYMENTS_MEMBER}`,
        )
      ).json();
      const teams: string[] = (user.relations ?? [])
        .filter((r: { type: string }) => r.type === 'memberOf')
        .map((r: { targetRef: string }) => r.targetRef);
      expect(teams).toContain('group:default/team-payments');
      const owned = await (
        await api.get(
          `/api/catalog/entities/by-query?filter=kind=component,${teams
            .map(team => `relations.ownedBy=${team}`)
            .join(',')}&limit=200`,
        )
      ).json();
      const expectedTitles: string[] = owned.items
        .map(
          (e: { metadata: { name: string; title?: string } }) =>
            e.metadata.title ?? e.metadata.name,
        )
        .sort();
      expect(expectedTitles.length).toBeGreaterThan(0);
      const refs: string[] = owned.items.map(
        (e: { kind: string; metadata: { name: string; namespace?: string } }) =>
          `${e.kind}:${e.metadata.namespace ?? 'default'}/${
            e.metadata.name
          }`.toLocaleLowerCase('en-US'),
      );
      const query = refs
        .map(ref => `entityRef=${encodeURIComponent(ref)}`)
        .join('&');
      const deliveryItems: OverviewItem[] = (
        await (
          await api.get(`/api/delivery/overview?${query}&limit=${refs.length}`)
        ).json()
      ).items;
      const costItems: CostItem[] = (
        await (
          await api.get(
            `/api/cost/overview?kind=component&${query}&limit=${refs.length}`,
          )
        ).json()
      ).items;
      const pending = (
        await (
          await api.get('/api/environments/requests?view=pending-approval')
        ).json()
      ).items as Array<{ name: string }>;
      await api.dispose();

      // My services: exactly the team's components, with the same health figures.
      const myServices = page.getByTestId('my-services');
      const table = myServices.getByRole('table');
      await expect(table).toBeVisible();
      await expect(myServices.getByRole('progressbar')).toHaveCount(0);
      const shown = (
        await table.locator('tbody tr td:first-child').allInnerTexts()
      )
        .map(t => t.trim())
        .sort();
      expect(shown).toEqual(expectedTitles);
      await expectHealthCellsMatch(
        page,
        table,
        new Map(
          deliveryItems.map(i => [i.entityRef.toLocaleLowerCase('en-US'), i]),
        ),
        new Map(
          costItems.map(i => [i.entityRef.toLocaleLowerCase('en-US'), i]),
        ),
      );

      // Pending approvals: the requests awaiting this user, or the empty state.
      const approvals = page.getByTestId('pending-approvals');
      await expect(approvals.getByRole('progressbar')).toHaveCount(0);
      if (pending.length === 0) {
        await expect(approvals).toContainText(
          'Nothing is waiting for your approval',
        );
      } else {
        for (const request of pending) {
          await expect(approvals).toContainText(request.name);
        }
      }

      // Needs attention: every service of the team whose default branch fails.
      const attention = page.getByTestId('needs-attention');
      await expect(attention.getByRole('progressbar')).toHaveCount(0);
      const failing = deliveryItems.filter(i => i.pipelineStatus === 'failed');
      const titleOf = new Map<string, string>(
        owned.items.map(
          (e: {
            kind: string;
            metadata: { name: string; title?: string; namespace?: string };
          }) => [
            `${e.kind}:${e.metadata.namespace ?? 'default'}/${
              e.metadata.name
            }`.toLocaleLowerCase('en-US'),
            e.metadata.title ?? e.metadata.name,
          ],
        ),
      );
      await expect(attention.getByText(/^Pipeline failing on/)).toHaveCount(
        failing.length,
      );
      for (const item of failing) {
        await expect(attention).toContainText(
          titleOf.get(item.entityRef.toLocaleLowerCase('en-US'))!,
        );
      }
      test.info().annotations.push({
        type: 'figures',
        description: `${size}: ${PAYMENTS_MEMBER} sees ${shown.length} services, ${pending.length} pending approvals, ${failing.length} failing pipelines`,
      });

      expect(await horizontalOverflow(page)).toEqual([]);
      await screenshot(page, `home-${size}`);
      await expectAxeClean(page, { mustContain: 'My services' });
    });
  });
}

test('a catalog query on the root address still reaches the catalog', async ({
  page,
}) => {
  test.setTimeout(180_000);
  await signInAsGuest(page);
  await page.goto('/?filters%5Bkind%5D=system&filters%5Buser%5D=all');
  await expect(page).toHaveURL(/\/catalog\?filters%5Bkind%5D=system/);
  await expect(
    page.getByRole('heading', { name: /^All Systems/, level: 2 }),
  ).toBeVisible();
});
