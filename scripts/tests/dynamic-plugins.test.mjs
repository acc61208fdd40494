// Red Hat Developer Hub dynamic plugins (docs/rhdh.md): every product plugin exports with
// @red-hat-developer-hub/cli (scripts/export-dynamic-plugins.sh), and what it exports loads the
// way RHDH loads it (scripts/lib/load-dynamic-plugin.cjs):
// - backends are require()d with RHDH's module search rule, export a backend feature for the
//   right plugin id, and take nothing from the host but the shared @backstage/* packages they
//   declare (an @runway/* library that was not embedded fails here);
// - frontends have a Scalprum bundle whose entry script registers its container, whose exposed
//   PluginRoot module evaluates against the host's shared React/Backstage singletons and exports
//   the plugin and every importName docs/rhdh.md wires, and whose chunks all compile.
// The export runs once per run; a previous export is reused when it is newer than the package's
// dist/ and succeeded (e.g. a second `node --test` of this file alone).
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const logDir = join(root, 'test-results', 'dynamic-plugins');
const loader = join(root, 'scripts/lib/load-dynamic-plugin.cjs');
const YAML = createRequire(join(root, 'package.json'))('yaml');

const exportable = [
  'backend-plugin',
  'backend-plugin-module',
  'frontend-plugin',
];
const readJson = file => JSON.parse(readFileSync(file, 'utf8'));

// The product plugins: every published plugin package that RHDH can load (not the -common
// libraries, not the private demo auth module).
const plugins = readdirSync(join(root, 'plugins'))
  .filter(name => existsSync(join(root, 'plugins', name, 'package.json')))
  .map(name => ({
    name,
    pkg: readJson(join(root, 'plugins', name, 'package.json')),
  }))
  .filter(
    ({ pkg }) => !pkg.private && exportable.includes(pkg.backstage?.role),
  );

const distDynamic = name => join(root, 'plugins', name, 'dist-dynamic');
const readStatus = () => {
  const file = join(logDir, 'status.txt');
  if (!existsSync(file)) return new Map();
  return new Map(
    readFileSync(file, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map(line => line.split(' '))
      .map(([name, rc, seconds]) => [
        name,
        { rc: Number(rc), seconds: Number(seconds) },
      ]),
  );
};
const isFresh = (name, status) => {
  const manifest = join(distDynamic(name), 'package.json');
  const dist = join(root, 'plugins', name, 'dist');
  return (
    status.get(name)?.rc === 0 &&
    existsSync(manifest) &&
    existsSync(dist) &&
    statSync(manifest).mtimeMs > statSync(dist).mtimeMs
  );
};

function load(kind, dir) {
  const run = spawnSync(process.execPath, [loader, kind, dir, root], {
    encoding: 'utf8',
    timeout: 120_000,
  });
  assert.equal(run.status, 0, `loader exited ${run.status}: ${run.stderr}`);
  return JSON.parse(run.stdout.trim().split('\n').pop());
}

// The frontend wiring documented for RHDH admins: scope -> import names it uses.
function documentedWiring() {
  const markdown = readFileSync(join(root, 'docs/rhdh.md'), 'utf8');
  const packages = [];
  const importNames = new Map();
  for (const [, block] of markdown.matchAll(/```yaml\n([\s\S]*?)```/g)) {
    const doc = YAML.parse(block);
    for (const entry of doc?.plugins ?? []) {
      packages.push(String(entry.package));
      const frontend = entry.pluginConfig?.dynamicPlugins?.frontend ?? {};
      for (const [scope, wiring] of Object.entries(frontend)) {
        const names = importNames.get(scope) ?? new Set();
        for (const route of wiring.dynamicRoutes ?? [])
          names.add(route.importName ?? 'default');
        for (const mount of wiring.mountPoints ?? []) {
          names.add(mount.importName ?? 'default');
          const condition = mount.config?.if ?? {};
          for (const list of [
            condition.allOf,
            condition.anyOf,
            condition.oneOf,
          ]) {
            for (const c of list ?? []) if (typeof c === 'string') names.add(c);
          }
        }
        for (const api of wiring.apiFactories ?? [])
          names.add(api.importName ?? 'default');
        importNames.set(scope, names);
      }
    }
  }
  return { packages, importNames };
}

before(() => {
  const status = readStatus();
  const stale = plugins.map(p => p.name).filter(name => !isFresh(name, status));
  if (stale.length === 0) {
    console.log(
      `dynamic plugins: reusing the exports in plugins/*/dist-dynamic (newer than dist/)`,
    );
    return;
  }
  const started = Date.now();
  const run = spawnSync(
    'bash',
    [join(root, 'scripts/export-dynamic-plugins.sh'), ...stale],
    {
      cwd: root,
      stdio: 'inherit',
      // npm test has bootstrapped and installed already.
      env: {
        ...process.env,
        RUNWAY_SKIP_INSTALL: process.env.RUNWAY_SKIP_INSTALL ?? '1',
      },
      timeout: 20 * 60_000,
    },
  );
  console.log(
    `dynamic plugins: exported ${stale.length} plugins in ${Math.round(
      (Date.now() - started) / 1000,
    )}s (exit ${run.status})`,
  );
});

test('the product plugins are the ten RHDH can load', () => {
  assert.deepEqual(plugins.map(p => p.name).sort(), [
    'cost',
    'cost-backend',
    'delivery',
    'delivery-backend',
    'environments',
    'environments-backend',
    'golden-paths',
    'golden-paths-backend',
    'permission-backend-module-runway',
    'scaffolder-backend-module-runway',
  ]);
});

test('docs/rhdh.md has a dynamic-plugins.yaml entry for each of them', () => {
  const { packages } = documentedWiring();
  for (const { pkg } of plugins) {
    const tarball = `${pkg.name.replace(/^@/, '').replace('/', '-')}-dynamic`;
    assert.ok(
      packages.some(p => p.includes(tarball)),
      `no entry whose package names ${tarball} in docs/rhdh.md`,
    );
  }
});

for (const { name, pkg } of plugins) {
  const role = pkg.backstage.role;
  test(`${name} (${role}) exports as a dynamic plugin`, t => {
    const status = readStatus().get(name);
    const log = join(logDir, `${name}.log`);
    const tail = existsSync(log)
      ? readFileSync(log, 'utf8').split('\n').slice(-25).join('\n')
      : '';
    assert.equal(
      status?.rc,
      0,
      `export failed or did not run (log ${log}):\n${tail}`,
    );
    t.diagnostic(`export took ${status.seconds}s`);
    const exported = readJson(join(distDynamic(name), 'package.json'));
    assert.equal(exported.name, `${pkg.name}-dynamic`);
    assert.equal(exported.version, pkg.version);
    // Without it, `backstage-cli package lint` lints the bundles (and runs out of memory).
    assert.ok(
      existsSync(join(distDynamic(name), '.eslintrc.json')),
      'dist-dynamic is not lint-ignored',
    );
  });

  if (role === 'frontend-plugin') {
    test(`${name}: the Scalprum bundle loads and exports what docs/rhdh.md wires`, t => {
      const result = load('frontend', distDynamic(name));
      assert.equal(result.error, undefined, `load failed: ${result.error}`);
      const scope = pkg.name.replace(/^@/, '').replace('/', '.');
      assert.equal(result.manifest.name, scope);
      assert.deepEqual(result.containers, [scope]);
      assert.ok(
        result.pluginIds.includes(pkg.backstage.pluginId),
        `plugin ${pkg.backstage.pluginId} not exported`,
      );
      assert.ok(result.chunks > 0, 'no chunks');
      assert.equal(
        result.chunkErrors,
        undefined,
        `chunks: ${result.chunkErrors}`,
      );
      const wired = documentedWiring().importNames.get(scope);
      assert.ok(
        wired,
        `docs/rhdh.md does not wire dynamicPlugins.frontend.${scope}`,
      );
      const missing = [...wired].filter(n => !result.exports.includes(n));
      assert.deepEqual(
        missing,
        [],
        `docs/rhdh.md names imports the bundle lacks`,
      );
      t.diagnostic(
        `PluginRoot exports ${result.exports.join(', ')}; ${
          result.chunks
        } chunks compile`,
      );
    });
  } else {
    test(`${name}: require() as RHDH does yields a backend feature`, t => {
      const result = load('backend', distDynamic(name));
      assert.equal(result.error, undefined, `require failed: ${result.error}`);
      assert.deepEqual(
        result.leaks,
        [],
        'modules taken from the host that the plugin does not declare as shared',
      );
      assert.equal(result.featureType, '@backstage/BackendFeature');
      assert.ok(result.registrations.length > 0, 'nothing to install');
      for (const registration of result.registrations) {
        if (registration.type === 'plugin-v1.1')
          assert.equal(registration.pluginId, pkg.backstage.pluginId);
        else assert.ok(registration.moduleId, 'no module id');
      }
      const [registration] = result.registrations;
      assert.equal(registration.pluginId, pkg.backstage.pluginId);
      if (role !== 'backend-plugin-module')
        assert.equal(registration.type, 'plugin-v1.1');
      // RHDH installs only the default export: a feature exported by name alone would be
      // missing there.
      assert.deepEqual(
        result.otherFeatures,
        [],
        'backend features not reachable from the default export',
      );
      // @runway/* libraries are not in RHDH: embedded, never shared.
      const runwayDeps = Object.keys(pkg.dependencies ?? {}).filter(d =>
        d.startsWith('@runway/'),
      );
      for (const dep of runwayDeps) {
        const folder = join(
          distDynamic(name),
          'embedded',
          dep.replace(/^@/, '').replace('/', '-'),
        );
        assert.ok(existsSync(folder), `${dep} is not embedded`);
      }
      t.diagnostic(
        `${result.registrations
          .map(
            r => `${r.type} ${r.pluginId}${r.moduleId ? `/${r.moduleId}` : ''}`,
          )
          .join(', ')}; shared: ${
          result.shared.length
        } @backstage packages; embedded: ${runwayDeps.join(', ') || 'none'}`,
      );
    });
  }
}

// What an admin ships is `npm pack` of dist-dynamic: the tarball must carry the private
// dependencies and embedded packages (bundleDependencies) and the Scalprum assets. Two small
// plugins stand for all (packing all ten takes about a minute).
for (const name of ['permission-backend-module-runway', 'golden-paths']) {
  test(`${name}: the npm pack tarball loads as well`, t => {
    const kind = name === 'golden-paths' ? 'frontend' : 'backend';
    const target = join(logDir, 'packed', name);
    rmSync(target, { recursive: true, force: true });
    mkdirSync(target, { recursive: true });
    const pack = spawnSync(
      'npm',
      ['pack', '--json', '--pack-destination', target],
      {
        cwd: distDynamic(name),
        encoding: 'utf8',
      },
    );
    assert.equal(pack.status, 0, pack.stderr);
    const [{ filename, integrity }] = JSON.parse(pack.stdout);
    assert.match(integrity, /^sha512-/);
    const untar = spawnSync('tar', [
      'xzf',
      join(target, filename),
      '-C',
      target,
    ]);
    assert.equal(untar.status, 0, String(untar.stderr));
    const result = load(kind, join(target, 'package'));
    assert.equal(result.error, undefined, `load failed: ${result.error}`);
    if (kind === 'backend') assert.deepEqual(result.leaks, []);
    else assert.equal(result.chunkErrors, undefined);
    t.diagnostic(`${filename} ${integrity.slice(0, 20)}...`);
  });
}

// The checks above can fail: the same loader on broken copies of real exports.
const scratch = join(logDir, 'broken');

test('the backend check fails when an embedded @runway package is missing', () => {
  const source = distDynamic('permission-backend-module-runway');
  assert.ok(existsSync(source), 'no export to break');
  const copy = join(scratch, 'permission-backend-module-runway');
  rmSync(copy, { recursive: true, force: true });
  mkdirSync(scratch, { recursive: true });
  cpSync(source, copy, { recursive: true });
  rmSync(join(copy, 'node_modules/@runway/plugin-cost-common'), {
    recursive: true,
    force: true,
  });
  const result = load('backend', copy);
  assert.ok(
    result.error ||
      result.leaks.some(l => l.startsWith('@runway/plugin-cost-common')),
    `a missing embedded package went unnoticed: ${JSON.stringify(result)}`,
  );
});

test('the frontend check fails when the exposed module chunk is missing', () => {
  const source = distDynamic('golden-paths');
  assert.ok(existsSync(source), 'no export to break');
  const copy = join(scratch, 'golden-paths');
  rmSync(copy, { recursive: true, force: true });
  mkdirSync(copy, { recursive: true });
  cpSync(join(source, 'package.json'), join(copy, 'package.json'));
  cpSync(join(source, 'dist-scalprum'), join(copy, 'dist-scalprum'), {
    recursive: true,
  });
  const staticDir = join(copy, 'dist-scalprum/static');
  const exposed = readdirSync(staticDir).filter(f =>
    f.startsWith('exposed-PluginRoot'),
  );
  assert.ok(exposed.length > 0, 'no exposed-PluginRoot chunk to remove');
  for (const file of exposed) rmSync(join(staticDir, file));
  const result = load('frontend', copy);
  assert.ok(
    result.error,
    `a missing chunk went unnoticed: ${JSON.stringify(result)}`,
  );
});
