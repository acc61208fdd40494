// Page-load benchmark on the production build of the frontend (issue 18): what Runway adds to
// the pages people land on must not make them slower than the stock pages.
//
// Two portals run side by side from the same code and the same demo data, each serving the
// production bundle (packages/app/dist) from its backend:
//   runway - the app as configured (health card first on a component's Overview, health
//            columns in the catalog list);
//   stock  - the same app with Runway's additions to those pages switched off in config
//            (STOCK_OVERRIDES below), i.e. the stock Overview and catalog list.
// Each page is loaded RUNS times per portal, alternating, in a fresh browser context each time
// (signed in first, then a full page load, measured). "Loaded" is the moment the last DOM change
// happened before the page went quiet: no request in flight for QUIET_MS, no progress bar left,
// and the page's own marker visible. Prints median and p90 per page and variant, the ratios of
// the medians and of the means, each with a 95% bootstrap interval (run-to-run noise on a
// 2-core machine is several percent: the interval says whether a ratio's distance from 1.00
// is more than that).
//
// Usage: bash scripts/bench-pages.sh [runs]   (default 9 runs; builds the frontend if needed)
// RUNWAY_BENCH_WATERFALL=1 writes request waterfalls (and counts each load's backend requests,
// when it reached each step of a page load and where its last DOM change was, and fits the
// difference between the variants with the Overview layout's renders held equal),
// RUNWAY_BENCH_MAIN_THREAD=1 prints the browser main thread's time and the backend's CPU time
// (per load too), RUNWAY_BENCH_CPU_PROFILE=1 where its
// script time goes by source (both variants are profiled, so both pay the profiler),
// RUNWAY_BENCH_TRACE=1 what kinds of work it is (a Chrome trace of each load),
// RUNWAY_BENCH_REACT=1 how often React committed and which extensions' components rendered,
// RUNWAY_BENCH_BACKEND_PROFILE=1 where the backends' CPU time goes (Node's --cpu-prof),
// RUNWAY_BENCH_DATABASE=postgres runs both portals on PostgreSQL;
// RUNWAY_BENCH_SPLIT_CPUS=1 keeps the browser on half the cores and the backends and
// PostgreSQL on the other half, as a user's browser and the portal's server are on different
// machines (lib/bench-cpus.mjs; otherwise the server's work per request takes the browser's
// cores too, and counts twice);
// RUNWAY_BENCH_POOL=<file> adds the run's loads to a pool of earlier runs of the same build and
// prints the pooled ratios (one run's ratio moves by several percent from the next run's);
// RUNWAY_BENCH_AGAINST compares the app with itself under other extension settings instead
// of with stock (all described below).
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  compareSelfTimes,
  ProfileSummarizer,
} from './lib/cpu-profile-summary.mjs';
import {
  readMainThreadProfile,
  selfTimesInSpans,
} from './lib/node-profile-summary.mjs';
import { summarizeTrace, TRACE_CATEGORIES } from './lib/trace-summary.mjs';
import {
  appendToPool,
  fasterInPairs,
  mean,
  median,
  pooledWith,
  poolKey,
  quantile,
  ratioText,
  readPool,
  renderAdjustedDifference,
} from './lib/bench-stats.mjs';
import {
  backendCpuMs,
  databaseLabel,
  dropDatabases,
  startBackend,
  stopBackend,
  stopBackendsNow,
  waitUntilQuiet,
  waitUntilSignedIn,
} from './lib/bench-backend.mjs';
import { pin, pinPostgres, splitCpus } from './lib/bench-cpus.mjs';

const root = path.resolve(import.meta.dirname, '..');
const require = createRequire(path.join(root, 'package.json'));
const { chromium } = require('playwright-core');
const yaml = require('yaml');

const RUNS = Number(process.argv[2] ?? process.env.RUNWAY_BENCH_RUNS ?? 9);
const QUIET_MS = 750;
const USER = process.env.RUNWAY_BENCH_USER ?? 'kwame.mensah';

// Runway's additions to the measured pages, and the config that switches each off in `stock`.
const STOCK_OVERRIDES = {
  'entity-card:delivery/service-health': false,
  'page:catalog': { config: { healthColumns: false } },
};

const baseExtensions =
  yaml.parse(fs.readFileSync(path.join(root, 'app-config.yaml'), 'utf8')).app
    ?.extensions ?? [];

// RUNWAY_BENCH_AGAINST='{"<extension id>": <setting>, ...}': the second portal is the app as
// configured with these settings (e.g. one part of an addition switched off) instead of the
// stock pages, to see what that part costs or saves; both must show the addition.
const AGAINST = process.env.RUNWAY_BENCH_AGAINST
  ? JSON.parse(process.env.RUNWAY_BENCH_AGAINST)
  : undefined;

// app.extensions is a list, and a list in a later config replaces the earlier one: restate it
// whole, with Runway's additions replaced by their stock settings. An entry keeps its place
// (the list's order is the order of siblings, e.g. the health card first on the Overview).
function extensionsFor(variant) {
  if (variant === 'runway') return baseExtensions;
  const overrides = variant === 'against' ? AGAINST : STOCK_OVERRIDES;
  const idOf = entry =>
    typeof entry === 'string' ? entry : Object.keys(entry)[0];
  const listed = new Set(baseExtensions.map(idOf));
  return [
    ...baseExtensions.map(entry =>
      idOf(entry) in overrides
        ? { [idOf(entry)]: overrides[idOf(entry)] }
        : entry,
    ),
    ...Object.entries(overrides)
      .filter(([id]) => !listed.has(id))
      .map(([id, value]) => ({ [id]: value })),
  ];
}

// RUNWAY_BENCH_PORT: the first of the two ports (default 7311), when those are taken.
const firstPort = Number(process.env.RUNWAY_BENCH_PORT ?? 7311);
const portals = [
  { variant: 'runway', port: firstPort },
  { variant: AGAINST ? 'against' : 'stock', port: firstPort + 1 },
];

const SPLIT_CPUS = process.env.RUNWAY_BENCH_SPLIT_CPUS === '1';
const cpuSplit = SPLIT_CPUS ? splitCpus() : undefined;

// The two portals' backends (RUNWAY_BENCH_DATABASE=postgres: on PostgreSQL; see
// lib/bench-backend.mjs). Each serves the production bundle from packages/app/dist itself.
function startPortal(portal) {
  const profileDir = path.join(
    os.tmpdir(),
    `runway-bench-${process.pid}-${portal.variant}-cpu-profile`,
  );
  const backend = startBackend({
    bench: 'pages',
    name: portal.variant,
    port: portal.port,
    env: {
      APP_CONFIG_app_extensions: JSON.stringify(extensionsFor(portal.variant)),
    },
    cpus: cpuSplit?.server,
    nodeArgs: BACKEND_PROFILE
      ? [
          '--cpu-prof',
          `--cpu-prof-dir=${profileDir}`,
          '--cpu-prof-interval=500',
        ]
      : [],
  });
  return { ...portal, ...backend, profileDir };
}

// Where a page's markers are looked for: headings, table headers and card titles (an InfoCard's
// title is a span in MUI's CardHeader, not a heading).
const TITLES = 'h1,h2,h3,h4,h5,h6,th,.MuiCardHeader-title';

// Records, in the page, when the DOM last changed and how many requests are in flight.
const INSTRUMENT = () => {
  window.__runwayBench = { lastMutation: 0, inFlight: 0, lastNetwork: 0 };
  const state = window.__runwayBench;
  new MutationObserver(records => {
    state.lastMutation = performance.now();
    // Where the change was: the title of the card it is in, else the element's test id or tag
    // (the waterfall's summary says which part of a page tends to change last).
    const node = records[records.length - 1].target;
    const el = node.nodeType === 1 ? node : node.parentElement;
    const card = el?.closest('.MuiCard-root');
    state.lastMutationWhere =
      card?.querySelector('.MuiCardHeader-title')?.textContent?.slice(0, 40) ??
      el?.closest('[data-testid]')?.getAttribute('data-testid') ??
      el?.tagName?.toLowerCase();
  }).observe(document, { subtree: true, childList: true, characterData: true });
  const origFetch = window.fetch;
  window.fetch = async (...args) => {
    state.inFlight += 1;
    const url = String(args[0]?.url ?? args[0]);
    // for the error message
    state.recent = [
      ...(state.recent ?? []).slice(-5),
      `${Math.round(performance.now())} ${url.slice(0, 80)}`,
    ];
    try {
      return await origFetch(...args);
    } finally {
      state.inFlight -= 1;
      state.lastNetwork = performance.now();
      state.lastDone = url.slice(0, 80);
    }
  };
};

// Writes a load's recording as test-results/bench-pages-<variant>-<page>.<extension>: each
// load replaces the one before, so the last load of each variant is what is kept.
function keepLastLoad(portal, page, extension, recording) {
  const slug = page.name.replace(/[^a-z0-9]+/gi, '-').toLowerCase();
  fs.mkdirSync(path.join(root, 'test-results'), { recursive: true });
  fs.writeFileSync(
    path.join(
      root,
      'test-results',
      `bench-pages-${portal.variant}-${slug}.${extension}`,
    ),
    JSON.stringify(recording),
  );
}

async function measure(browser, portal, page) {
  const context = await browser.newContext({
    viewport: { width: 1440, height: 1000 },
  });
  let tracing = false;
  try {
    const tab = await context.newPage();
    // Sign in (not measured): the demo provider signs in as a named demo user.
    await tab.goto(
      `${portal.url}/?runway-demo-user=${encodeURIComponent(USER)}`,
    );
    await tab
      .getByRole('navigation', { name: 'sidebar nav' })
      .getByRole('link', { name: 'Catalog', exact: true })
      .waitFor({ timeout: 120_000 })
      .catch(async e => {
        const shot = path.join(
          root,
          'test-results',
          `bench-pages-sign-in-${portal.variant}.png`,
        );
        fs.mkdirSync(path.dirname(shot), { recursive: true });
        await tab.screenshot({ path: shot }).catch(() => {});
        throw new Error(
          `${
            portal.variant
          }: signing in as ${USER} at ${tab.url()} did not reach the portal (screenshot ${shot}): ${
            e.message
          }`,
        );
      });
    await tab.addInitScript(INSTRUMENT);
    if (REACT) await tab.addInitScript(COUNT_REACT_RENDERS);
    const cdp =
      MAIN_THREAD || CPU_PROFILE ? await context.newCDPSession(tab) : undefined;
    if (cdp) await cdp.send('Performance.enable');
    const before = cdp && {
      ...(await mainThreadTimes(cdp)),
      'backend cpu': backendCpuMs(portal),
    };
    if (CPU_PROFILE) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 250 });
      await cdp.send('Profiler.start');
    }
    if (TRACE) {
      await browser.startTracing(tab, { categories: TRACE_CATEGORIES });
      tracing = true;
    }
    const spanStart = process.hrtime.bigint() / 1000n;
    await tab.goto(`${portal.url}${page.path}`, { waitUntil: 'commit' });
    // Loaded means Runway's addition too, fully: the page's own marker and, but in `stock`, the
    // addition's (its code arrives in a chunk of its own, which the fetch count does not see).
    const withAddition = portal.variant !== 'stock';
    const markers = withAddition
      ? [page.marker, page.runwayMarker]
      : [page.marker];
    await tab
      .waitForFunction(
        ({ quietMs, wanted, selector }) => {
          const state = window.__runwayBench;
          if (!state) return false;
          const now = performance.now();
          const quiet =
            state.inFlight === 0 &&
            now - Math.max(state.lastNetwork, state.lastMutation) > quietMs;
          const spinning = document.querySelector('[role="progressbar"]');
          const headings = [...document.querySelectorAll(selector)].map(
            el => el.textContent ?? '',
          );
          const ready = wanted.every(m => headings.some(h => h.includes(m)));
          return quiet && !spinning && ready;
        },
        { quietMs: QUIET_MS, wanted: markers, selector: TITLES },
        { timeout: 120_000, polling: 50 },
      )
      .catch(async e => {
        const shot = path.join(
          root,
          'test-results',
          `bench-pages-not-loaded-${portal.variant}.png`,
        );
        await tab.screenshot({ path: shot, fullPage: true }).catch(() => {});
        const state = await tab
          .evaluate(() => {
            const bench = window.__runwayBench ?? {};
            const now = performance.now();
            return {
              inFlight: bench.inFlight,
              recentRequests: bench.recent,
              lastDone: bench.lastDone,
              now: Math.round(now),
              msSinceNetwork: Math.round(now - bench.lastNetwork),
              msSinceMutation: Math.round(now - bench.lastMutation),
              progressbar: document
                .querySelector('[role="progressbar"]')
                ?.outerHTML.slice(0, 200),
            };
          })
          .catch(() => ({}));
        throw new Error(
          `${portal.variant}: ${
            page.path
          } (screenshot ${shot}) never showed ${markers
            .map(m => `"${m}"`)
            .join(' and ')} and went quiet (${JSON.stringify(state)}): ${
            e.message
          }`,
        );
      });
    // The comparison is only fair if Runway's addition is there in `runway` and not in `stock`.
    const hasAddition = await tab.evaluate(
      ({ marker, selector }) =>
        [...document.querySelectorAll(selector)].some(el =>
          el.textContent?.includes(marker),
        ),
      { marker: page.runwayMarker, selector: TITLES },
    );
    if (hasAddition !== withAddition) {
      throw new Error(
        `${portal.variant}: "${page.runwayMarker}" is ${
          hasAddition ? '' : 'not '
        }on ${page.path}`,
      );
    }
    const { loadedAt, lastChange } = await tab.evaluate(() => ({
      loadedAt: window.__runwayBench.lastMutation,
      lastChange: window.__runwayBench.lastMutationWhere,
    }));
    if (REACT) {
      const counted = await tab.evaluate(() => window.__runwayReact);
      keepLastLoad(portal, page, 'react-timeline.json', counted.timeline);
      ((reactRenders[page.name] ??= {})[portal.variant] ??= []).push(
        new Map([
          ['(commits)', counted.commits],
          ...Object.entries(counted.rendered),
        ]),
      );
    }
    if (BACKEND_PROFILE) {
      ((backendSpans[page.name] ??= {})[portal.variant] ??= []).push({
        start: Number(spanStart),
        end: Number(process.hrtime.bigint() / 1000n),
      });
    }
    if (cdp) {
      const after = {
        ...(await mainThreadTimes(cdp)),
        'backend cpu': backendCpuMs(portal),
      };
      const spent = Object.fromEntries(
        Object.entries(after).map(([k, v]) => [k, v - before[k]]),
      );
      ((mainThread[page.name] ??= {})[portal.variant] ??= []).push(spent);
    }
    if (TRACE) {
      const trace = JSON.parse(String(await browser.stopTracing()));
      tracing = false;
      ((traces[page.name] ??= {})[portal.variant] ??= []).push(
        summarizeTrace(trace, frame => profileSummarizer.bucketOf(frame)),
      );
      keepLastLoad(portal, page, 'trace.json', trace);
    }
    if (CPU_PROFILE) {
      const { profile } = await cdp.send('Profiler.stop');
      ((profiles[page.name] ??= {})[portal.variant] ??= []).push(
        profileSummarizer.selfTimes(profile),
      );
      keepLastLoad(portal, page, 'cpuprofile', profile);
    }
    if (WATERFALL) {
      // What the load waited for: every request's start and end, and the page's milestones.
      const entries = await tab.evaluate(() => [
        ...performance.getEntriesByType('navigation').map(e => ({
          name: 'document',
          start: 0,
          end: e.responseEnd,
        })),
        ...performance.getEntriesByType('resource').map(e => ({
          name: e.name.replace(location.origin, ''),
          start: e.startTime,
          end: e.responseEnd,
        })),
        ...performance.getEntriesByType('paint').map(e => ({
          name: `(${e.name})`,
          start: e.startTime,
          end: e.startTime,
        })),
      ]);
      writeWaterfall(portal, page, loadedAt, entries);
      ((lastChanges[page.name] ??= {})[portal.variant] ??= []).push(
        lastChange ?? '(unknown)',
      );
      ((apiCalls[page.name] ??= {})[portal.variant] ??= []).push(
        countApiCalls(entries),
      );
      ((milestones[page.name] ??= {})[portal.variant] ??= []).push(
        milestonesOf(entries, loadedAt),
      );
    }
    return loadedAt;
  } finally {
    // A load that failed mid-trace: the browser records one trace at a time.
    if (tracing) await browser.stopTracing().catch(() => {});
    await context.close();
  }
}

// RUNWAY_BENCH_MAIN_THREAD=1: also prints, per page and variant, the browser main thread's
// median time in script, layout, style and all tasks (Chrome's Performance.getMetrics, from
// sign-in to loaded), to tell time the page spends computing from time it spends waiting.
const MAIN_THREAD = process.env.RUNWAY_BENCH_MAIN_THREAD === '1';
const MAIN_THREAD_METRICS = {
  ScriptDuration: 'script',
  LayoutDuration: 'layout',
  RecalcStyleDuration: 'style',
  TaskDuration: 'all tasks',
};
// And the portal's backend process's CPU time over the same span (`backendCpuMs`: user and
// system, from /proc, in 10 ms ticks; the mean over many loads is the figure to read): on a
// 2-core machine the backend's work for a page's requests takes CPU from the browser that
// renders it.
const mainThread = {};

async function mainThreadTimes(cdp) {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return Object.fromEntries(
    metrics
      .filter(m => m.name in MAIN_THREAD_METRICS)
      .map(m => [MAIN_THREAD_METRICS[m.name], m.value * 1000]),
  );
}

// RUNWAY_BENCH_CPU_PROFILE=1: also profiles each load's main thread (sign-in to loaded, 250 µs
// sampling), maps every sample through the build's source maps to the package or file it ran
// in, and prints the sources whose self time per load differs most between the variants. The
// last load of each is kept as test-results/bench-pages-<variant>-<page>.cpuprofile (Chrome's
// DevTools opens it).
const CPU_PROFILE = process.env.RUNWAY_BENCH_CPU_PROFILE === '1';
const profiles = {};
const profileSummarizer = new ProfileSummarizer(
  path.join(root, 'packages/app/dist/static'),
);

// RUNWAY_BENCH_REACT=1: also counts, per load, React's commits and the components each commit
// rendered, by the extension they are in (the nearest ExtensionBoundary's node id; "(app)"
// above every extension), and prints the mean per load of each variant: work a part of the
// page makes React do again shows as more components rendered in some extension than the
// part itself has. It stands in for React DevTools (the same global hook, which production
// builds of React call on every commit) and walks the whole tree on each commit, which slows
// the load: read its counts, not the load times of the same run. Renders React threw away
// (a layout that suspended) never commit, so they are not counted. The last load of each
// variant is kept as test-results/bench-pages-<variant>-<page>.react-timeline.json: each
// commit's time (ms from navigation) and components rendered by extension, in order, which
// shows what made an extension render again (e.g. a card drawn whole a second time when its
// second request answered).
const REACT = process.env.RUNWAY_BENCH_REACT === '1';
const reactRenders = {};
const COUNT_REACT_RENDERS = () => {
  const counted = { commits: 0, rendered: {}, timeline: [] };
  window.__runwayReact = counted;
  // Function, class, forwardRef and memo components (React's fiber tags).
  const COMPONENTS = new Set([0, 1, 11, 14, 15]);
  // Per fiber (and its alternate, the other copy React swaps in on the next render): the props
  // and state it had at the last commit. A component rendered in a commit when it is new or
  // either changed: a render gives it new props from its parent's JSX or new hook objects.
  const lastSeen = new WeakMap();
  const walk = (first, extension) => {
    for (let fiber = first; fiber; fiber = fiber.sibling) {
      const id = fiber.memoizedProps?.node?.spec?.id;
      const inExtension = typeof id === 'string' ? id : extension;
      if (COMPONENTS.has(fiber.tag)) {
        const last = lastSeen.get(fiber);
        if (
          !last ||
          last.props !== fiber.memoizedProps ||
          last.state !== fiber.memoizedState
        ) {
          counted.rendered[inExtension] =
            (counted.rendered[inExtension] ?? 0) + 1;
        }
        const now = { props: fiber.memoizedProps, state: fiber.memoizedState };
        lastSeen.set(fiber, now);
        if (fiber.alternate) lastSeen.set(fiber.alternate, now);
      }
      walk(fiber.child, inExtension);
    }
  };
  window.__REACT_DEVTOOLS_GLOBAL_HOOK__ = {
    isDisabled: false,
    supportsFiber: true,
    renderers: new Map(),
    inject(renderer) {
      const id = this.renderers.size + 1;
      this.renderers.set(id, renderer);
      return id;
    },
    onCommitFiberRoot(_id, root) {
      counted.commits += 1;
      const before = { ...counted.rendered };
      walk(root.current, '(app)');
      const inThisCommit = Object.entries(counted.rendered)
        .map(([extension, n]) => [extension, n - (before[extension] ?? 0)])
        .filter(([, n]) => n > 0);
      counted.timeline.push([
        Math.round(performance.now()),
        Object.fromEntries(inThisCommit),
      ]);
    },
    onCommitFiberUnmount() {},
    onPostCommitFiberRoot() {},
    onScheduleFiberRoot() {},
    setStrictMode() {},
    checkDCE() {},
  };
};

// RUNWAY_BENCH_TRACE=1: also records each load's Chrome trace (the DevTools timeline, sign-in
// to loaded) and prints the kinds of main-thread work (style recalculation, layout, script
// entry points by source, garbage collection, ...) whose self time and count per load differ
// most between the variants: what the extra time is, where the CPU profile says which code.
// The last load of each is kept as test-results/bench-pages-<variant>-<page>.trace.json.
const TRACE = process.env.RUNWAY_BENCH_TRACE === '1';
const traces = {};

// RUNWAY_BENCH_BACKEND_PROFILE=1: also runs each portal's backend under Node's CPU profiler
// (--cpu-prof, a sample every 0.5 ms) and prints, per page, the backend's self time by package
// (`pg`, `plugins/cost-backend`, `node:zlib`, `(garbage collector)`) in each load's span, from
// the page's navigation to loaded, mean ms per load: what the backend does more for Runway's
// page. Both portals are profiled, so both pay the profiler. Background work that falls in a
// span (the catalog's processing loop, scheduled tasks) counts too, in both variants alike
// over many loads. The profiles stay in each portal's data folder (open them in DevTools).
const BACKEND_PROFILE = process.env.RUNWAY_BENCH_BACKEND_PROFILE === '1';
const backendSpans = {};

// RUNWAY_BENCH_WATERFALL=1: also writes each variant's last load of each page as a request
// waterfall (test-results/bench-pages-waterfall-<variant>-<page>.txt), to see what a load waits
// for. It reads the Resource Timing entries after the page has loaded, so it does not change
// what is measured.
const WATERFALL = process.env.RUNWAY_BENCH_WATERFALL === '1';
// With it, each load's backend requests are also counted by path (query and entity names
// left out), and the median count per load printed per variant: a page whose parts render
// more often than they need to shows it as repeated requests (the catalog's warning area asks
// for the entity's ancestry each time the Overview's layout renders).
const apiCalls = {};
// And where each load's last DOM change was (the change that "loaded" is the time of).
const lastChanges = {};
// And each measured load's ancestry requests, in run order (as `results`): how many times the
// Overview's layout rendered, for the fit that holds that count equal (renderAdjustedFit).
const renders = {};
// And when each load reached the steps every Overview and list goes through, to see which step
// a difference between the variants opens up in (a step a load never reached is left out).
const milestones = {};

// The warm-up load's figures are left out of every per-load table, as its time is left out of
// the results: it pays cold caches, and a table "over 30 loads" holds 30.
function forgetLoadsOf(page) {
  for (const perPage of [
    mainThread,
    backendSpans,
    apiCalls,
    lastChanges,
    milestones,
  ]) {
    delete perPage[page.name];
  }
}

function milestonesOf(entries, loadedAt) {
  const first = (test, field = 'start') =>
    entries.filter(e => test(e.name)).sort((a, b) => a[field] - b[field])[0]?.[
      field
    ];
  const last = (test, field) =>
    Math.max(...entries.filter(e => test(e.name)).map(e => e[field]));
  const api = name => name.startsWith('/api/') && !name.startsWith('/api/auth');
  return {
    'signed in (auth refresh answered)': first(
      n => n.includes('/api/auth/'),
      'end',
    ),
    'first contentful paint': first(n => n === '(first-contentful-paint)'),
    'entity asked for': first(n =>
      /^\/api\/catalog\/entities\/by-name\/[^/]+\/[^/]+\/[^/?]+$/.test(
        n.split('?')[0],
      ),
    ),
    'first ancestry asked for': first(n => n.includes('/ancestry')),
    'last code chunk asked for': last(n => n.endsWith('.chunk.js'), 'start'),
    'last backend answer': last(api, 'end'),
    loaded: loadedAt,
  };
}

function countApiCalls(entries) {
  const counts = {};
  for (const e of entries) {
    if (!e.name.startsWith('/api/')) continue;
    const key = e.name
      .split('?')[0]
      .replace(
        /\/by-name\/[^/]+\/[^/]+\/[^/]+/,
        '/by-name/:kind/:namespace/:name',
      );
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

function writeWaterfall(portal, page, loadedAt, entries) {
  const slug = page.name.replace(/[^a-z0-9]+/gi, '-').toLowerCase();
  const file = path.join(
    root,
    'test-results',
    `bench-pages-waterfall-${portal.variant}-${slug}.txt`,
  );
  const lines = [...entries]
    .sort((a, b) => a.start - b.start)
    .map(
      e =>
        `${e.start.toFixed(0).padStart(6)} ${e.end.toFixed(0).padStart(6)} ${(
          e.end - e.start
        )
          .toFixed(0)
          .padStart(5)}  ${e.name.slice(0, 140)}`,
    );
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(
    file,
    `${portal.variant} ${page.path}: loaded at ${loadedAt.toFixed(
      0,
    )} ms (last DOM change)\n start    end   ms  request\n${lines.join(
      '\n',
    )}\n`,
  );
}

// A table of what differs most per load between the variants (compareSelfTimes), as the
// trace, browser profile and backend profile options print it.
function printComparison(
  title,
  column,
  other,
  otherLoads,
  runwayLoads,
  totalLabel = undefined,
) {
  console.log(`\n${title} (${other} / runway / difference)`);
  console.log(`| ${column} | ${other} | runway | difference |`);
  console.log('|---|---|---|---|');
  for (const [bucket, a, b, d] of compareSelfTimes(
    otherLoads,
    runwayLoads,
    30,
    totalLabel,
  )) {
    console.log(
      `| ${bucket} | ${a.toFixed(1)} | ${b.toFixed(1)} | ${
        d > 0 ? '+' : ''
      }${d.toFixed(1)} |`,
    );
  }
}

// Load time less the other variant's with the layout's renders held equal (see
// renderAdjustedFit in lib/bench-stats.mjs), when the loads' renders were counted.
function printRenderAdjusted(
  title,
  other,
  runwayMs,
  runwayRenders,
  otherMs,
  otherRenders,
) {
  if (!runwayMs || !otherMs || !runwayRenders || !otherRenders) return;
  if (
    runwayRenders.length !== runwayMs.length ||
    otherRenders.length !== otherMs.length
  ) {
    return;
  }
  const loads = (ms, counts) =>
    ms.map((m, i) => ({ ms: m, renders: counts[i] }));
  const fit = renderAdjustedDifference(
    loads(runwayMs, runwayRenders),
    loads(otherMs, otherRenders),
  );
  console.log(
    `\n${title}: Runway's loads less ${other}'s with the Overview layout's renders (ancestry requests) held equal, least squares over ${runwayMs.length} pairs`,
  );
  if (!fit) {
    console.log('- not fitted: the renders did not vary within each variant');
    return;
  }
  const signed = ms => `${ms >= 0 ? '+' : ''}${ms.toFixed(0)}`;
  console.log(
    `- difference ${signed(fit.difference)} ms (95% interval ${signed(
      fit.interval[0],
    )} to ${signed(fit.interval[1])}), ${signed(
      (100 * fit.difference) / mean(otherMs),
    )}% of ${other}'s mean load; each render ${fit.perRender.toFixed(
      0,
    )} ms; renders per load, mean: ${other} ${mean(otherRenders).toFixed(
      1,
    )}, Runway ${mean(runwayRenders).toFixed(1)}`,
  );
  console.log(
    "- a diagnostic beside the ratios, not in place of them: if Runway's addition made the layout render more often, holding renders equal would hide that cost",
  );
}

// RUNWAY_BENCH_POOL=<file>: appends this run's paired load times (per page) to the file, one
// JSON line per page, and prints the ratios over every run in it that measured the same thing
// (see lib/bench-stats.mjs): the same page and comparison, under the same instruments (a
// profiler slows every load), of the same source, frontend build, database and core count.
const POOL = process.env.RUNWAY_BENCH_POOL;

function git(...args) {
  return execFileSync('git', args, {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  }).trim();
}

// What the portals run: a commit that changes none of it (a note, a benchmark script, a
// test) leaves the pool as it was.
const MEASURED_SOURCE = ['packages', 'plugins', 'app-config.yaml', 'yarn.lock'];
// Tests, their helpers and the browser tests: not what the portals run.
const notRun = file =>
  /\.test\.[cm]?[jt]sx?$|\/__testUtils__\/|\/e2e-tests\//.test(file);

// Taken before the first load: the source and build that were measured, whatever changes
// while the loads run.
function currentPoolKey() {
  const files = git('ls-tree', '-r', 'HEAD', '--', ...MEASURED_SOURCE)
    .split('\n')
    .filter(line => !notRun(line.split('\t')[1] ?? ''));
  const changedFiles = git(
    'diff',
    'HEAD',
    '--name-only',
    '--',
    ...MEASURED_SOURCE,
  )
    .split('\n')
    .filter(file => file !== '' && !notRun(file));
  return poolKey({
    committed: crypto
      .createHash('sha256')
      .update(files.join('\n'))
      .digest('hex')
      .slice(0, 12),
    uncommittedDiff: changedFiles.length
      ? git('diff', 'HEAD', '--', ...changedFiles)
      : '',
    bundleFiles: fs.readdirSync(path.join(root, 'packages/app/dist/static')),
    database: databaseLabel,
    cpus: os.cpus().length,
  });
}

function printPooled(key, results, pages, other) {
  const instruments = Object.entries({
    MAIN_THREAD,
    CPU_PROFILE,
    TRACE,
    REACT,
    BACKEND_PROFILE,
    SPLIT_CPUS,
  })
    .filter(([, on]) => on)
    .map(([name]) => name);
  const comparison = `${
    AGAINST ? `against ${JSON.stringify(AGAINST)}` : other
  }${instruments.length ? `, with ${instruments.join(', ')}` : ''}`;
  for (const page of pages) {
    const byVariant = results[page.name];
    if (!byVariant) continue;
    appendToPool(POOL, {
      page: page.name,
      path: page.path,
      comparison,
      key,
      at: new Date().toISOString(),
      runway: byVariant.runway,
      other: byVariant[other],
      // With RUNWAY_BENCH_WATERFALL, each load's renders of the layout, for the pooled fit.
      ...(renders[page.name]?.runway &&
        renders[page.name]?.[other] && {
          runwayRenders: renders[page.name].runway,
          otherRenders: renders[page.name][other],
        }),
    });
  }
  const pool = readPool(POOL);
  console.log(
    `\nPooled with the earlier runs in ${POOL} of the same source (${MEASURED_SOURCE.join(
      ', ',
    )}, tests left out: ${key.source}), build, database and ${
      key.cpus
    } cores: ${comparison}`,
  );
  console.log(
    `| page | runs | pairs | Runway / ${other}, medians (95% interval) | means (95% interval) | Runway faster, pairs | each run's medians ratio |`,
  );
  console.log('|---|---|---|---|---|---|---|');
  for (const page of pages) {
    if (!results[page.name]) continue;
    const {
      runs,
      runway,
      other: others,
    } = pooledWith(pool, {
      page: page.name,
      path: page.path,
      comparison,
      key,
    });
    const each = runs
      .map(run => (median(run.runway) / median(run.other)).toFixed(2))
      .join(', ');
    console.log(
      `| ${page.name} | ${runs.length} | ${runway.length} | ${ratioText(
        median,
        runway,
        others,
      )} | ${ratioText(mean, runway, others)} | ${fasterInPairs(
        runway,
        others,
      )} of ${runway.length} | ${each} |`,
    );
  }
  for (const page of pages) {
    if (!results[page.name]) continue;
    // The pooled fit, over the runs in the pool that counted renders.
    const counted = pooledWith(pool, {
      page: page.name,
      path: page.path,
      comparison,
      key,
    }).runs.filter(run => run.runwayRenders && run.otherRenders);
    if (counted.length === 0) continue;
    printRenderAdjusted(
      `${page.name}, pooled (${counted.length} runs that counted renders)`,
      other,
      counted.flatMap(run => run.runway),
      counted.flatMap(run => run.runwayRenders),
      counted.flatMap(run => run.other),
      counted.flatMap(run => run.otherRenders),
    );
  }
}

async function main() {
  const appDist = path.join(root, 'packages/app/dist/index.html');
  if (!fs.existsSync(appDist)) {
    throw new Error(
      'packages/app/dist is missing: run `yarn workspace app build` (bench-pages.sh does)',
    );
  }
  // A pool file that cannot be read fails now, not after the loads.
  if (POOL) readPool(POOL);
  const poolKeyAtStart = POOL ? currentPoolKey() : undefined;
  const executablePath = process.env.RUNWAY_CHROMIUM;
  if (!executablePath)
    throw new Error('RUNWAY_CHROMIUM is not set (bench-pages.sh sets it)');

  // With the split, this process (and so the browser it starts) keeps to the browser's cores;
  // first, so that a machine without taskset fails here, before PostgreSQL was moved.
  if (cpuSplit) pin(process.pid, cpuSplit.browser);
  const unpinPostgres = cpuSplit ? pinPostgres(cpuSplit.server) : () => {};
  if (cpuSplit) {
    console.log(
      `Cores split: the browser on ${cpuSplit.browser}, the backends and PostgreSQL on ${cpuSplit.server}`,
    );
  }
  const started = portals.map(startPortal);
  const cleanup = () => {
    started.forEach(stopBackend);
    unpinPostgres();
  };
  // Stopped from outside too (Ctrl-C, or a kill): the backends go (killed if still starting),
  // PostgreSQL gets back the cores it had before the split, and the databases are dropped.
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ]) {
    process.once(signal, async () => {
      unpinPostgres();
      await stopBackendsNow(started);
      await dropDatabases('pages').catch(() => {});
      process.exit(code);
    });
  }
  try {
    for (const portal of started) {
      await waitUntilSignedIn(portal, USER);
      // The production bundle, not the dev server's.
      const html = await (await fetch(`${portal.url}/`)).text();
      if (!/static\/[^"]+\.js/.test(html)) {
        throw new Error(
          `${portal.variant}: ${portal.url}/ does not serve the built frontend`,
        );
      }
    }
    // Both, before any load: a portal still writing its demo data would have that work
    // counted against its first loads (about 0.4 s of backend CPU for the cost demo alone).
    await Promise.all(started.map(waitUntilQuiet));

    const pages = JSON.parse(
      process.env.RUNWAY_BENCH_PAGES ??
        JSON.stringify([
          {
            name: 'component Overview',
            path: '/catalog/default/component/payments',
            marker: 'About',
            runwayMarker: 'Service health',
          },
          {
            name: 'catalog list (all components)',
            path: '/catalog?filters%5Bkind%5D=component&filters%5Buser%5D=all',
            marker: 'Owner',
            runwayMarker: 'DORA level',
          },
        ]),
    );

    const browser = await chromium.launch({
      executablePath,
      args: ['--no-sandbox'],
    });
    const results = {};
    try {
      for (const page of pages) {
        // One unmeasured load each warms the backends' caches and the browser's disk cache.
        for (const portal of started) await measure(browser, portal, page);
        forgetLoadsOf(page);
        for (let run = 0; run < RUNS; run++) {
          const order = run % 2 === 0 ? started : [...started].reverse();
          for (const portal of order) {
            const ms = await measure(browser, portal, page);
            ((results[page.name] ??= {})[portal.variant] ??= []).push(ms);
            // With RUNWAY_BENCH_MAIN_THREAD, the load's backend CPU too: a mean far from the
            // median comes from a few loads, which this shows.
            const spent = mainThread[page.name]?.[portal.variant]?.at(-1);
            // With RUNWAY_BENCH_WATERFALL, its ancestry requests: the catalog's warning area
            // asks once each time the Overview's layout renders, so a slow load with many
            // of them is one the layout rendered more often.
            const calls = apiCalls[page.name]?.[portal.variant]?.at(-1);
            const ancestry = calls
              ? Object.entries(calls)
                  .filter(([key]) => key.endsWith('/ancestry'))
                  .reduce((sum, [, n]) => sum + n, 0)
              : undefined;
            if (ancestry !== undefined) {
              ((renders[page.name] ??= {})[portal.variant] ??= []).push(
                ancestry,
              );
            }
            process.stderr.write(
              `${page.name} ${portal.variant} run ${run + 1}: ${ms.toFixed(
                0,
              )} ms${spent ? `, backend ${spent['backend cpu']} ms CPU` : ''}${
                calls ? `, ${ancestry} ancestry requests` : ''
              }\n`,
            );
          }
        }
      }
    } finally {
      await browser.close();
    }

    console.log(
      `\nPage loads on the production frontend build, ${RUNS} runs each, 1440x1000, portals on ${databaseLabel}${
        cpuSplit
          ? `, the browser on cores ${cpuSplit.browser} and the server on ${cpuSplit.server}`
          : ''
      }`,
    );
    const other = portals[1].variant;
    if (AGAINST) {
      console.log(`${other}: the app with ${JSON.stringify(AGAINST)}`);
    }
    console.log(
      `| page | ${other} median / p90 (ms) | Runway median / p90 (ms) | Runway / ${other}, medians (95% interval) | means (95% interval) | Runway faster, pairs |`,
    );
    console.log('|---|---|---|---|---|---|');
    for (const [name, byVariant] of Object.entries(results)) {
      const s = byVariant[other];
      const r = byVariant.runway;
      console.log(
        `| ${name} | ${median(s).toFixed(0)} / ${quantile(s, 0.9).toFixed(
          0,
        )} | ${median(r).toFixed(0)} / ${quantile(r, 0.9).toFixed(
          0,
        )} | ${ratioText(median, r, s)} | ${ratioText(
          mean,
          r,
          s,
        )} | ${fasterInPairs(r, s)} of ${r.length} |`,
      );
    }
    console.log(
      "The intervals are where each ratio lies, 95 times in 100, given these loads (a bootstrap over the pairs of loads); more runs narrow them. Load times can be bimodal (the Overview's layout renders again as each card's code arrives, 2-13 times a load), which makes the median jump: the mean's ratio is the steadier one.",
    );
    if (POOL) printPooled(poolKeyAtStart, results, pages, other);
    if (MAIN_THREAD) {
      console.log(
        '\nBrowser main thread and backend CPU, median (mean) ms per load (sign-in to loaded)',
      );
      const kinds = [...Object.values(MAIN_THREAD_METRICS), 'backend cpu'];
      console.log(`| page | variant | ${kinds.join(' | ')} |`);
      console.log(`|---|---|${kinds.map(() => '---').join('|')}|`);
      for (const [name, byVariant] of Object.entries(mainThread)) {
        for (const [variant, loads] of Object.entries(byVariant)) {
          const medians = kinds.map(kind => {
            const values = loads.map(load => load[kind]);
            return `${quantile(values, 0.5).toFixed(0)} (${mean(values).toFixed(
              0,
            )})`;
          });
          console.log(`| ${name} | ${variant} | ${medians.join(' | ')} |`);
        }
      }
    }
    if (WATERFALL) {
      for (const [name, byVariant] of Object.entries(apiCalls)) {
        console.log(
          `\n${name}: backend requests per load, median (min-max) mean over ${RUNS} loads`,
        );
        const variants = [other, 'runway'];
        console.log(`| request | ${variants.join(' | ')} |`);
        console.log('|---|---|---|');
        const paths = [
          ...new Set(
            variants.flatMap(v => (byVariant[v] ?? []).flatMap(Object.keys)),
          ),
        ].sort();
        for (const key of paths) {
          const cells = variants.map(v => {
            const n = (byVariant[v] ?? []).map(load => load[key] ?? 0);
            return `${quantile(n, 0.5)} (${Math.min(...n)}-${Math.max(
              ...n,
            )}) ${mean(n).toFixed(1)}`;
          });
          console.log(`| ${key} | ${cells.join(' | ')} |`);
        }
      }
    }
    if (WATERFALL) {
      for (const [name, byVariant] of Object.entries(milestones)) {
        console.log(
          `\n${name}: when each load reached each step, median ms from navigation over ${RUNS} loads`,
        );
        const variants = [other, 'runway'];
        console.log(`| step | ${variants.join(' | ')} | difference |`);
        console.log('|---|---|---|---|');
        for (const step of Object.keys(byVariant.runway?.[0] ?? {})) {
          const medians = variants.map(v =>
            quantile(
              (byVariant[v] ?? [])
                .map(load => load[step])
                .filter(Number.isFinite),
              0.5,
            ),
          );
          console.log(
            `| ${step} | ${medians
              .map(m => m?.toFixed(0) ?? '-')
              .join(' | ')} | ${
              medians.every(Number.isFinite)
                ? (medians[1] - medians[0]).toFixed(0)
                : '-'
            } |`,
          );
        }
      }
      for (const [name, byVariant] of Object.entries(renders)) {
        printRenderAdjusted(
          `${name}, this run`,
          other,
          results[name]?.runway,
          byVariant.runway,
          results[name]?.[other],
          byVariant[other],
        );
      }
      for (const [name, byVariant] of Object.entries(lastChanges)) {
        console.log(`\n${name}: where each load's last DOM change was`);
        for (const [variant, places] of Object.entries(byVariant)) {
          const tally = {};
          for (const place of places) tally[place] = (tally[place] ?? 0) + 1;
          const text = Object.entries(tally)
            .sort((a, b) => b[1] - a[1])
            .map(([place, n]) => `${place} ${n}`)
            .join(', ');
          console.log(`- ${variant}: ${text}`);
        }
      }
    }
    if (TRACE) {
      for (const [name, byVariant] of Object.entries(traces)) {
        for (const [what, field] of [
          ['self time, mean ms', 'selfMs'],
          ['count, mean', 'counts'],
        ]) {
          printComparison(
            `${name}: main-thread trace events by ${what} per load`,
            'event',
            other,
            (byVariant[other] ?? []).map(load => load[field]),
            (byVariant.runway ?? []).map(load => load[field]),
          );
        }
      }
    }
    if (BACKEND_PROFILE) {
      // Node writes a profile when the process exits: stop the portals and wait for them.
      cleanup();
      await Promise.race([
        Promise.all(started.map(portal => portal.exited)),
        new Promise(resolve => setTimeout(resolve, 60_000)),
      ]);
      const profileOf = Object.fromEntries(
        started.map(portal => [
          portal.variant,
          readMainThreadProfile(portal.profileDir, portal.child.pid),
        ]),
      );
      for (const [name, byVariant] of Object.entries(backendSpans)) {
        const loadsOf = variant =>
          profileOf[variant]
            ? selfTimesInSpans(profileOf[variant], byVariant[variant] ?? [])
            : [];
        printComparison(
          `${name}: backend self time by package, mean ms per load`,
          'package',
          other,
          loadsOf(other),
          loadsOf('runway'),
        );
      }
      for (const portal of started) {
        console.log(
          `${portal.variant}'s backend profile: ${portal.profileDir}`,
        );
      }
    }
    if (REACT) {
      for (const [name, byVariant] of Object.entries(reactRenders)) {
        printComparison(
          `${name}: React commits and components rendered by extension, mean per load`,
          'extension',
          other,
          byVariant[other] ?? [],
          byVariant.runway ?? [],
          'all (components and commits)',
        );
      }
    }
    if (CPU_PROFILE) {
      for (const [name, byVariant] of Object.entries(profiles)) {
        printComparison(
          `${name}: main-thread self time by source, mean ms per load`,
          'source',
          other,
          byVariant[other] ?? [],
          byVariant.runway ?? [],
        );
      }
    }
  } finally {
    cleanup();
    await dropDatabases('pages').catch(e =>
      console.error(`could not drop the benchmark's databases: ${e}`),
    );
  }
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});
