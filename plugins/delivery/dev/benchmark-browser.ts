/* eslint-disable no-console */
/*
 * Browser benchmark of the Delivery tab: how long from navigation until every card shows
 * its data, and how many requests each card makes (and whether they run in parallel).
 *
 *   BENCH_URL=http://localhost:3000 yarn bench:browser      # against a running portal
 *
 * Environment: BENCH_URL (frontend, default http://localhost:3000), BENCH_ENTITY (default
 * default/component/catalog-search), BENCH_RUNS (default 5), BENCH_CHROMIUM (default
 * /usr/bin/chromium). Two kinds of navigation are measured: a full page load of the tab's
 * URL (includes loading the app's JavaScript) and the in-app switch from the entity's
 * Overview tab to its Delivery tab (what a person clicking around sees).
 */
import { chromium, Page, Request } from '@playwright/test';

const BASE_URL = process.env.BENCH_URL ?? 'http://localhost:3000';
const ENTITY = process.env.BENCH_ENTITY ?? 'default/component/catalog-search';
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const TARGET_MS = 1500;

/** Which card a request belongs to. */
function cardOf(request: Request): string | undefined {
  const url = new URL(request.url());
  if (url.pathname.endsWith('/api/delivery/dora/summary')) return 'dora';
  if (url.pathname.endsWith('/api/delivery/pipelines')) return 'pipelines';
  if (
    url.pathname.endsWith('/api/catalog/entities') &&
    url.searchParams
      .getAll('filter')
      .some(f => f.includes('relations.memberof'))
  ) {
    return 'ownership';
  }
  return undefined;
}

interface Run {
  kind: string;
  totalMs: number;
  cardMs: Record<string, number>;
  requests: Record<string, number>;
  /** Time between the first and the last card request starting. */
  startSpreadMs: number;
  /** When the first card request started, from navigation: the app's own start-up. */
  firstRequestMs: number;
  /** The slowest card request, from sent to answered. */
  slowestRequestMs: number;
}

async function waitForCards(page: Page, started: number) {
  const cardMs: Record<string, number> = {};
  const visible = async (card: string, selector: string) => {
    await page
      .locator(selector)
      .first()
      .waitFor({ state: 'visible', timeout: 60_000 });
    cardMs[card] = Date.now() - started;
  };
  await Promise.all([
    visible(
      'dora',
      '[data-testid="delivery-dora-card"] [data-testid="value-deploymentFrequency"]',
    ),
    visible('pipelines', '[data-testid="delivery-pipelines-card"] table'),
    visible('ownership', '[data-testid="delivery-ownership-card"] dl'),
  ]);
  return cardMs;
}

async function measure(
  page: Page,
  kind: string,
  navigate: () => Promise<unknown>,
): Promise<Run> {
  const requests: Record<string, number> = {};
  const starts: number[] = [];
  const onRequest = (request: Request) => {
    const card = cardOf(request);
    if (card) {
      requests[card] = (requests[card] ?? 0) + 1;
      starts.push(Date.now());
    }
  };
  let slowestRequestMs = 0;
  const onFinished = (request: Request) => {
    if (cardOf(request)) {
      slowestRequestMs = Math.max(
        slowestRequestMs,
        request.timing().responseEnd,
      );
    }
  };
  page.on('request', onRequest);
  page.on('requestfinished', onFinished);
  const started = Date.now();
  await navigate();
  const cardMs = await waitForCards(page, started);
  const totalMs = Date.now() - started;
  page.off('request', onRequest);
  page.off('requestfinished', onFinished);
  return {
    firstRequestMs: starts.length ? Math.min(...starts) - started : 0,
    slowestRequestMs: Math.round(slowestRequestMs),
    kind,
    totalMs,
    cardMs,
    requests,
    startSpreadMs: starts.length
      ? Math.max(...starts) - Math.min(...starts)
      : 0,
  };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

async function main() {
  const browser = await chromium.launch({
    executablePath: process.env.BENCH_CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
    ],
  });
  const page = await browser.newPage();
  await page.goto(BASE_URL);
  await page.getByRole('button', { name: 'Enter' }).click();
  // The <nav> box itself has no size (its content is fixed-positioned): wait for a link.
  await page
    .getByRole('navigation', { name: 'sidebar nav' })
    .getByRole('link', { name: 'Catalog', exact: true })
    .waitFor();

  const tabUrl = `${BASE_URL}/catalog/${ENTITY}/delivery`;
  const overviewUrl = `${BASE_URL}/catalog/${ENTITY}`;
  // Warm-up: the dev server compiles lazy chunks on first use.
  const warmUp = await measure(page, 'first load (cold)', () =>
    page.goto(tabUrl),
  );

  const runs: Run[] = [];
  for (let i = 0; i < RUNS; i++) {
    runs.push(await measure(page, 'full page load', () => page.goto(tabUrl)));
  }
  for (let i = 0; i < RUNS; i++) {
    await page.goto(overviewUrl);
    const tab = page.locator(`a[href$="/${ENTITY}/delivery"]`);
    await tab.waitFor();
    runs.push(await measure(page, 'in-app tab switch', () => tab.click()));
  }
  await browser.close();

  const print = (run: Run) =>
    console.log(
      `${run.kind.padEnd(18)} total ${String(run.totalMs).padStart(5)} ms | ` +
        `dora ${run.cardMs.dora} ms, pipelines ${run.cardMs.pipelines} ms, ownership ${run.cardMs.ownership} ms | ` +
        `requests dora=${run.requests.dora ?? 0} pipelines=${
          run.requests.pipelines ?? 0
        } ownership=${run.requests.ownership ?? 0} | ` +
        `card requests start at ${run.firstRequestMs} ms, within ${run.startSpreadMs} ms of each other, slowest answered in ${run.slowestRequestMs} ms`,
    );
  console.log(
    `Delivery tab of ${ENTITY} at ${BASE_URL}, target ${TARGET_MS} ms`,
  );
  print(warmUp);
  runs.forEach(print);
  let failed = false;
  for (const kind of ['full page load', 'in-app tab switch']) {
    const ofKind = runs.filter(run => run.kind === kind);
    const med = median(ofKind.map(run => run.totalMs));
    const maxRequests = Math.max(
      ...ofKind.flatMap(run => Object.values(run.requests)),
    );
    console.log(
      `${kind}: median ${med} ms, max ${Math.max(
        ...ofKind.map(r => r.totalMs),
      )} ms, ` +
        `at most ${maxRequests} request(s) per card -> ${
          med <= TARGET_MS && maxRequests <= 1 ? 'OK' : 'OVER TARGET'
        }`,
    );
    failed ||= maxRequests > 1;
  }
  process.exitCode = failed ? 1 : 0;
}

main().catch(error => {
  console.error(error);
  process.exitCode = 1;
});
