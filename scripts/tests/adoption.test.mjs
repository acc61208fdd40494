// The adopter test: Runway's plugins in someone else's Backstage, as docs/adopting.md says.
// Packs every public package, publishes the tarballs to a throw-away local registry (Verdaccio,
// proxying everything else from the registry npm uses), creates a stock app with
// `npx @backstage/create-app@0.9.2`, performs the guide's "Quick start" steps (read from the
// guide itself), asserts one copy each of @backstage/plugin-catalog-react and
// @backstage/backend-plugin-api in the app, starts it with `yarn start` on its own ports,
// posts a deployment with the documented token, checks /api/delivery/dora, /api/cost/... and
// /api/environments/..., and that the Delivery tab renders in Chromium.
//
// RUNWAY_ADOPTION_MODE: `repo` (the app as create-app 0.9.2 made it, Backstage 1.55, what this
// repository runs), `newest` (the app's @backstage packages upgraded to the newest on the
// registry first), or `both`. Default: repo (npm test runs both). Skips (does not fail) when the registry is
// unreachable. Needs every package's dist/ (npm test builds first; alone, it builds if one is
// missing). Prints the duration of every phase. Yarn's cache is kept in
// ~/.cache/runway-adoption between runs, seeded with hard links to the archives of the
// repository's own install (seedCacheFromRepository says why); RUNWAY_ADOPTION_KEEP=1 keeps
// the work folder.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  freePort,
  npmRegistry,
  publishTarballs,
  registryReachable,
  startRegistry,
} from '../lib/adoption/registry.mjs';
import {
  createApp,
  forgetCachedRunwayPackages,
  installStockApp,
  seedCacheFromRepository,
  installedCopies,
  run,
  runAsync,
  startApp,
  useRegistryForRunway,
  waitFor,
  yarnEnv,
} from '../lib/adoption/app.mjs';
import {
  codeLines,
  readGuideSteps,
  shellCommands,
} from '../lib/adoption/guide.mjs';

const root = path.resolve(import.meta.dirname, '../..');
const require = createRequire(path.join(root, 'package.json'));
const guidePath = path.join(root, 'docs/adopting.md');
// The two the issue names, and the frontend framework (two copies break extension discovery).
const ONE_COPY = [
  '@backstage/plugin-catalog-react',
  '@backstage/backend-plugin-api',
  '@backstage/frontend-plugin-api',
];
const ENTITY = 'component:default/example-website'; // in the stock app's examples/entities.yaml

const modeSetting = process.env.RUNWAY_ADOPTION_MODE ?? 'repo';
const modes = modeSetting === 'both' ? ['repo', 'newest'] : [modeSetting];
assert.ok(
  modes.every(m => m === 'repo' || m === 'newest'),
  `RUNWAY_ADOPTION_MODE must be repo, newest or both, not ${modeSetting}`,
);

const uplink = npmRegistry();
const reachable = await registryReachable(uplink);
const skip = reachable
  ? false
  : `the npm registry (${uplink}) is unreachable: adopter test skipped`;
if (skip) console.log(`# ${skip}`);

const durations = [];
async function phase(name, fn) {
  const start = Date.now();
  try {
    return await fn();
  } finally {
    const s = ((Date.now() - start) / 1000).toFixed(1);
    durations.push(`${name}: ${s}s`);
    console.log(`# adoption phase ${name}: ${s}s`);
  }
}

let workDir;
let registry;
const steps = readGuideSteps(guidePath);

before(async () => {
  if (skip) return;
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'runway-adoption-'));
  const tarballDir = path.join(workDir, 'tarballs');
  fs.mkdirSync(tarballDir);

  await phase('build (only if a dist/ is missing)', () => {
    const missing = [
      'packages/backend-utils',
      ...fs.readdirSync(path.join(root, 'plugins')).map(p => `plugins/${p}`),
    ]
      .filter(dir => fs.existsSync(path.join(root, dir, 'package.json')))
      .filter(
        dir =>
          !JSON.parse(
            fs.readFileSync(path.join(root, dir, 'package.json'), 'utf8'),
          ).private,
      )
      .filter(dir => !fs.existsSync(path.join(root, dir, 'dist')));
    if (missing.length) {
      console.log(`# building: dist/ missing in ${missing.join(', ')}`);
      run('yarn', ['tsc'], { cwd: root });
      run('yarn', ['backstage-cli', 'repo', 'build'], { cwd: root });
    }
  });
  await phase('pack', () => {
    // npm test packs every public package in a step of its own before the node --test files
    // start (a prepack rewrites each package.json in place while it runs, which the files
    // running beside this one would read) and names the folder here.
    const packed = process.env.RUNWAY_PACKED_TARBALLS;
    if (packed && fs.existsSync(packed)) {
      for (const file of fs.readdirSync(packed).filter(f => f.endsWith('.tgz')))
        fs.copyFileSync(path.join(packed, file), path.join(tarballDir, file));
      console.log(`# using the tarballs npm test packed in ${packed}`);
      return;
    }
    // As scripts/release.sh packs a release: every public package, prepack included, one at a
    // time (scripts/test.sh says why not in parallel).
    run(
      'yarn',
      [
        'workspaces',
        'foreach',
        '--all',
        '--no-private',
        'pack',
        '--out',
        `${tarballDir}/%s-%v.tgz`,
      ],
      {
        cwd: root,
      },
    );
  });
  await phase('registry start and publish', async () => {
    registry = await startRegistry({ root, workDir, uplink });
    const tarballs = fs
      .readdirSync(tarballDir)
      .map(f => path.join(tarballDir, f));
    assert.ok(tarballs.length >= 15, `packed ${tarballs.length} packages`);
    publishTarballs(registry.url, tarballs, workDir);
    // Once, before either mode installs: both take this run's @runway packages.
    forgetCachedRunwayPackages();
    console.log(
      `# linked ${seedCacheFromRepository(
        root,
      )} archives from the repository's yarn cache`,
    );
  });
});

after(async () => {
  registry?.stop();
  if (workDir && !process.env.RUNWAY_ADOPTION_KEEP) {
    // Some 150,000 files per app: rm is much faster at it than fs.rmSync, and it runs on after
    // the test, detached, since nothing waits for the disk space.
    spawn('rm', ['-rf', workDir], { detached: true, stdio: 'ignore' }).unref();
  } else if (workDir) console.log(`# adoption work folder kept: ${workDir}`);
  console.log(`# adoption phases: ${durations.join(', ')}`);
});

/** Performs the guide's Quick start in the app: exactly its commands, lines and config. */
async function followGuide(appDir) {
  for (const cmd of shellCommands(steps.yarnrc.body))
    await runAsync('bash', ['-c', cmd], { cwd: appDir, env: yarnEnv() });
  for (const cmd of shellCommands(steps.install.body))
    await runAsync('bash', ['-c', cmd], { cwd: appDir, env: yarnEnv() });
  const indexTs = path.join(appDir, 'packages/backend/src/index.ts');
  const source = fs.readFileSync(indexTs, 'utf8');
  assert.match(source, /\nbackend\.start\(\);/);
  const lines = codeLines(steps.backend.body);
  fs.writeFileSync(
    indexTs,
    source.replace(
      /\nbackend\.start\(\);/,
      `\n${lines.join('\n')}\n\nbackend.start();`,
    ),
  );
  assert.equal(
    steps.config.body.split('\n')[0].trim(),
    '# app-config.local.yaml',
  );
  fs.writeFileSync(
    path.join(appDir, 'app-config.local.yaml'),
    `${steps.config.body}\n`,
  );
}

/** Chromium as the browser tests find it (scripts/lib/services.sh installs it if missing). */
function chromiumPath() {
  if (process.env.RUNWAY_CHROMIUM) return process.env.RUNWAY_CHROMIUM;
  const found = run(
    'bash',
    [
      '-c',
      '. scripts/bootstrap.sh && . scripts/lib/services.sh && runway_ensure_chromium >&2 && echo "$RUNWAY_CHROMIUM"',
    ],
    { cwd: root },
  ).trim();
  assert.ok(found, 'no Chromium');
  return found;
}

async function json(res) {
  const text = await res.text();
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** One mode: a stock app, Runway added as the guide says, started and checked. */
async function adopt(t, mode) {
  const appDir = await phase(`${mode}: create-app`, () =>
    createApp(workDir, `app-${mode}`),
  );
  await phase(`${mode}: stock install`, () => installStockApp(appDir, mode));
  const stockCopies = Object.fromEntries(
    ONE_COPY.map(n => [n, [...installedCopies(appDir, n).keys()]]),
  );
  console.log(`# ${mode}: the stock app has ${JSON.stringify(stockCopies)}`);

  await phase(`${mode}: add Runway (guide)`, () => {
    useRegistryForRunway(appDir, registry.url);
    return followGuide(appDir);
  });
  const pkg = JSON.parse(
    fs.readFileSync(path.join(appDir, 'package.json'), 'utf8'),
  );
  assert.equal(pkg.resolutions?.['@runway/plugin-delivery'], undefined);
  assert.deepEqual(
    Object.keys(pkg.resolutions ?? {}).filter(
      k => !k.startsWith('@types/react'),
    ),
    [],
    'no resolutions beyond the two create-app writes',
  );

  await t.test('one copy each of the singletons', () => {
    for (const name of ONE_COPY) {
      const copies = installedCopies(appDir, name);
      assert.equal(
        copies.size,
        1,
        `${name}: ${JSON.stringify(
          Object.fromEntries(copies),
        )} (stock app: ${stockCopies[name].join(', ')})`,
      );
    }
  });

  const deliveryToken = randomBytes(24).toString('base64url');
  const app = startApp(appDir, {
    appPort: await freePort(),
    backendPort: await freePort(),
    env: { RUNWAY_DELIVERY_TOKEN: deliveryToken },
  });
  t.after(() => app.stop());
  let guestToken;
  await phase(`${mode}: start (backend and catalog ready)`, async () => {
    guestToken = await waitFor(
      'guest sign-in',
      async () => {
        const res = await fetch(`${app.backendUrl}/api/auth/guest/refresh`, {
          headers: { 'x-requested-with': 'XMLHttpRequest' },
        });
        return res.ok ? (await res.json()).backstageIdentity.token : undefined;
      },
      { timeoutMs: 5 * 60_000, isDead: app.exited },
    ).catch(e => {
      throw new Error(`${e.message}\n${app.log().slice(-8000)}`);
    });
    await waitFor(
      `${ENTITY} in the catalog`,
      async () =>
        (
          await fetch(
            `${app.backendUrl}/api/catalog/entities/by-name/component/default/example-website`,
            {
              headers: { authorization: `Bearer ${guestToken}` },
            },
          )
        ).ok,
      { timeoutMs: 2 * 60_000, isDead: app.exited },
    );
  });
  const asGuest = { authorization: `Bearer ${guestToken}` };

  await t.test(
    'delivery: a deployment posted with the documented token counts in /api/delivery/dora',
    async () => {
      const now = new Date().toISOString();
      const event = {
        type: 'deployment',
        id: `adoption-${mode}-1`,
        entityRef: ENTITY,
        environment: 'production',
        status: 'succeeded',
        finishedAt: now,
        version: '1.0.0',
        commitSha: '9f1c2e7',
        commits: [{ sha: '9f1c2e7', timestamp: now }],
      };
      const post = await fetch(`${app.backendUrl}/api/delivery/events`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${deliveryToken}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify(event),
      });
      assert.equal(post.status, 200, JSON.stringify(await json(post.clone())));
      assert.deepEqual(await post.json(), {
        accepted: 1,
        created: 1,
        updated: 0,
        unmatched: 0,
      });
      const wrong = await fetch(`${app.backendUrl}/api/delivery/events`, {
        method: 'POST',
        headers: {
          authorization: 'Bearer not-the-token',
          'content-type': 'application/json',
        },
        body: JSON.stringify(event),
      });
      assert.equal(wrong.status, 401);
      const dora = await fetch(
        `${app.backendUrl}/api/delivery/dora?entityRef=${encodeURIComponent(
          ENTITY,
        )}&environment=production`,
        { headers: asGuest },
      );
      const body = await json(dora);
      assert.equal(dora.status, 200, JSON.stringify(body));
      assert.equal(
        body.deploymentFrequency.deployments,
        1,
        JSON.stringify(body),
      );
    },
  );

  await t.test(
    'cost: /api/cost/entity-cost answers for the entity',
    async () => {
      const res = await fetch(
        `${app.backendUrl}/api/cost/entity-cost?entityRef=${encodeURIComponent(
          ENTITY,
        )}`,
        {
          headers: asGuest,
        },
      );
      const body = await json(res);
      assert.equal(res.status, 200, JSON.stringify(body));
      assert.equal(body.entityRef, ENTITY, JSON.stringify(body));
      const anonymous = await fetch(
        `${app.backendUrl}/api/cost/entity-cost?entityRef=${encodeURIComponent(
          ENTITY,
        )}`,
      );
      assert.equal(anonymous.status, 401);
    },
  );

  await t.test(
    'environments: /api/environments/types serves the configured catalogue',
    async () => {
      const res = await fetch(`${app.backendUrl}/api/environments/types`, {
        headers: asGuest,
      });
      const body = await json(res);
      assert.equal(res.status, 200, JSON.stringify(body));
      assert.equal(body.configured, true, JSON.stringify(body));
      assert.ok(body.types.length > 0, JSON.stringify(body));
    },
  );

  await t.test(
    "scaffolder: the module's default export adds every Runway action",
    async () => {
      const res = await fetch(`${app.backendUrl}/api/scaffolder/v2/actions`, {
        headers: asGuest,
      });
      const body = await json(res);
      assert.equal(res.status, 200, JSON.stringify(body));
      const runway = body
        .map(action => action.id)
        .filter(id => id.startsWith('runway:'))
        .sort();
      assert.deepEqual(runway, [
        'runway:catalog:register-local',
        'runway:conformance:check',
        'runway:delivery:register',
        'runway:environment:request',
        'runway:publish:local',
        'runway:template:record',
      ]);
    },
  );

  await t.test('the Delivery tab renders in Chromium', async () => {
    const { chromium } = require('playwright-core');
    await phase(`${mode}: frontend dev server ready`, () =>
      waitFor('the app dev server', async () => (await fetch(app.appUrl)).ok, {
        timeoutMs: 6 * 60_000,
        isDead: app.exited,
      }),
    );
    await phase(`${mode}: browser`, async () => {
      const browser = await chromium.launch({
        executablePath: chromiumPath(),
        args: ['--no-sandbox'],
      });
      try {
        const page = await browser.newPage();
        const errors = [];
        page.on('pageerror', e => errors.push(String(e)));
        await page.goto(app.appUrl, { timeout: 5 * 60_000 });
        await page
          .getByRole('button', { name: 'Enter' })
          .click({ timeout: 2 * 60_000 });
        await page
          .getByRole('navigation', { name: 'sidebar nav' })
          .getByRole('link', { name: 'Catalog', exact: true })
          .waitFor({ timeout: 60_000 });
        await page.goto(
          `${app.appUrl}/catalog/default/component/example-website/delivery`,
        );
        const card = page.getByTestId('delivery-dora-card');
        await card
          .getByText('1 deployments')
          .first()
          .waitFor({ timeout: 90_000 });
        await page
          .getByRole('link', { name: 'Delivery', exact: true })
          .first()
          .waitFor();
        await page.screenshot({
          path: path.join(workDir, `delivery-tab-${mode}.png`),
        });
        assert.deepEqual(errors, []);
      } finally {
        await browser.close();
      }
    });
  });
}

// The modes run side by side: most of each is waiting on installs and start-ups, and npm test
// has a time budget. Each has its own app folder, ports and browser; they share the registry,
// the tarballs and yarn's cache (yarn writes cache entries atomically).
test(
  'a stock create-app app adopts Runway as docs/adopting.md says',
  { skip, timeout: 30 * 60_000, concurrency: true },
  async t => {
    await Promise.all(
      modes.map(mode =>
        t.test(mode, { concurrency: 1 }, mt => adopt(mt, mode)),
      ),
    );
  },
);
