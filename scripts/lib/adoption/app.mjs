// The adopter's side of the adopter test: a stock app from @backstage/create-app, installed
// the way a team would, with Runway added as docs/adopting.md says, then started.
import { execFile, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const CREATE_APP_VERSION = '0.9.2';

/**
 * "repo" mode installs the stock app as it resolved when create-app 0.9.2 (Backstage 1.55)
 * was current: only versions published before this instant (create-app's own seed lockfile,
 * which pins that, cannot be fetched here). Every version the template names was out by then
 * (the last, plugin-mcp-actions-backend 0.2.2, on 09-20), and it avoids @yarnpkg/core 4.9.2
 * (09-26), published with an unusable `patch:` dependency.
 */
export const REPO_MODE_CUTOFF = '2026-09-21T00:00:00Z';

/** Yarn's global folder (its package cache) kept between runs, so repeated installs are fast. */
export const YARN_GLOBAL_FOLDER =
  process.env.RUNWAY_ADOPTION_YARN_FOLDER ??
  path.join(os.homedir(), '.cache/runway-adoption/yarn');

export function yarnEnv(extra = {}) {
  const env = { ...process.env, ...extra };
  env.YARN_GLOBAL_FOLDER = YARN_GLOBAL_FOLDER;
  env.YARN_ENABLE_IMMUTABLE_INSTALLS = 'false'; // CI=true would make every install immutable
  env.YARN_ENABLE_PROGRESS_BARS = 'false';
  env.YARN_ENABLE_INLINE_BUILDS = 'false';
  env.COREPACK_ENABLE_DOWNLOAD_PROMPT = '0';
  env.COREPACK_DEFAULT_TO_LATEST = '0';
  delete env.npm_config_registry; // let the app's own .yarnrc.yml decide, as on a laptop
  return env;
}

/**
 * Links the archives this repository's own install put in yarn's cache into the adopter's
 * cache, as on a laptop where other Backstage apps were installed before: the stock app is on
 * the same yarn (4.13, same archive names) and mostly the same versions. Of the 3,324 archives
 * the two modes fetch, 2,617 are there; on a fresh machine each mode's first install spent
 * 222-227 s downloading them again. Hard links: no copy, and nothing the test fetches lands in
 * the repository's cache. Returns how many it linked (none across file systems).
 */
export function seedCacheFromRepository(root) {
  let repositoryCache;
  try {
    repositoryCache = execFileSync('yarn', ['config', 'get', 'cacheFolder'], {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return 0;
  }
  const cache = path.join(YARN_GLOBAL_FOLDER, 'cache');
  if (!fs.existsSync(repositoryCache) || repositoryCache === cache) return 0;
  fs.mkdirSync(cache, { recursive: true });
  const present = new Set(fs.readdirSync(cache));
  let linked = 0;
  for (const file of fs.readdirSync(repositoryCache)) {
    if (!file.endsWith('.zip') || present.has(file)) continue;
    try {
      fs.linkSync(path.join(repositoryCache, file), path.join(cache, file));
      linked += 1;
    } catch (error) {
      if (error.code === 'EXDEV' || error.code === 'EPERM') break;
      if (error.code !== 'EEXIST') throw error;
    }
  }
  return linked;
}

/**
 * Yarn caches packages by name and version; every run publishes a different @runway 0.1.0, so
 * the cached archives of earlier runs must go, or the app would silently get old builds.
 */
export function forgetCachedRunwayPackages() {
  const cache = path.join(YARN_GLOBAL_FOLDER, 'cache');
  if (!fs.existsSync(cache)) return;
  for (const f of fs.readdirSync(cache)) {
    if (f.startsWith('@runway-'))
      fs.rmSync(path.join(cache, f), { force: true });
  }
}

export function run(cmd, args, opts) {
  try {
    return execFileSync(cmd, args, {
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
      stdio: ['ignore', 'pipe', 'pipe'],
      ...opts,
    });
  } catch (e) {
    const out = `${e.stdout ?? ''}${e.stderr ?? ''}`;
    throw new Error(
      `${cmd} ${args.join(' ')} failed (${e.status}):\n${out.slice(-6000)}`,
    );
  }
}

/**
 * `run` without blocking the event loop: the two adoption modes install side by side in one
 * process (npm test's time budget), so nothing they do may hold the other up.
 */
export function runAsync(cmd, args, opts) {
  return new Promise((resolve, reject) => {
    execFile(
      cmd,
      args,
      { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, ...opts },
      (error, stdout, stderr) => {
        if (!error) return resolve(stdout);
        const out = `${stdout ?? ''}${stderr ?? ''}`;
        reject(
          new Error(
            `${cmd} ${args.join(' ')} failed (${error.code}):\n${out.slice(
              -6000,
            )}`,
          ),
        );
      },
    );
  });
}

/** `npx @backstage/create-app@0.9.2`, non-interactive (name from BACKSTAGE_APP_NAME). */
export async function createApp(parent, name) {
  await runAsync(
    'npx',
    [
      '--yes',
      `@backstage/create-app@${CREATE_APP_VERSION}`,
      '--path',
      name,
      '--skip-install',
    ],
    {
      cwd: parent,
      env: yarnEnv({ BACKSTAGE_APP_NAME: 'adopter' }),
    },
  );
  return path.join(parent, name);
}

export function yarn(appDir, args, extraEnv = {}) {
  return runAsync('yarn', args, { cwd: appDir, env: yarnEnv(extraEnv) });
}

/** The stock app's first install, per mode (see REPO_MODE_CUTOFF). */
export async function installStockApp(appDir, mode) {
  if (mode === 'repo') {
    const minutes = Math.ceil(
      (Date.now() - Date.parse(REPO_MODE_CUTOFF)) / 60_000,
    );
    // Only for this first install: the app's own .yarnrc.yml stays as create-app wrote it.
    await yarn(appDir, ['install'], {
      YARN_NPM_MINIMAL_AGE_GATE: `${minutes}m`,
      YARN_NPM_PREAPPROVED_PACKAGES: ' ',
    });
  } else {
    // The newest Backstage: yarn's own upgrade of every @backstage package of every workspace
    // (`backstage-cli versions:bump` needs a release manifest host this machine cannot reach).
    await yarn(appDir, ['up', '@backstage/*']);
  }
}

/** Points the @runway scope at the test registry: the stand-in for a published release. */
export function useRegistryForRunway(appDir, registryUrl) {
  const host = new URL(registryUrl).hostname;
  fs.appendFileSync(
    path.join(appDir, '.yarnrc.yml'),
    [
      '',
      '# adopter test: @runway/* from the local test registry',
      'npmScopes:',
      '  runway:',
      `    npmRegistryServer: ${JSON.stringify(registryUrl)}`,
      `unsafeHttpWhitelist: [${JSON.stringify(host)}]`,
      '',
    ].join('\n'),
  );
}

/** Every installed copy of a package anywhere in the app's node_modules trees: version -> paths. */
export function installedCopies(appDir, name) {
  const copies = new Map();
  const visitModules = dir => {
    let entries;
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (!e.isDirectory() && !e.isSymbolicLink()) continue;
      if (e.name === '.bin' || e.name === '.cache') continue;
      if (e.name.startsWith('@')) {
        for (const s of fs.readdirSync(path.join(dir, e.name), {
          withFileTypes: true,
        })) {
          visitPackage(
            path.join(dir, e.name, s.name),
            `${e.name}/${s.name}`,
            s,
          );
        }
      } else {
        visitPackage(path.join(dir, e.name), e.name, e);
      }
    }
  };
  const visitPackage = (pkgDir, pkgName, dirent) => {
    if (dirent.isSymbolicLink()) return; // workspaces, visited from the app's folders
    if (pkgName === name) {
      const { version } = JSON.parse(
        fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8'),
      );
      copies.set(version, [
        ...(copies.get(version) ?? []),
        path.relative(appDir, pkgDir),
      ]);
    }
    visitModules(path.join(pkgDir, 'node_modules'));
  };
  visitModules(path.join(appDir, 'node_modules'));
  for (const parent of ['packages', 'plugins']) {
    const p = path.join(appDir, parent);
    if (!fs.existsSync(p)) continue;
    for (const w of fs.readdirSync(p))
      visitModules(path.join(p, w, 'node_modules'));
  }
  return copies;
}

/** `yarn start` (app dev server and backend, as the app's README says) on the given ports. */
export function startApp(appDir, { appPort, backendPort, env }) {
  const appUrl = `http://localhost:${appPort}`;
  const backendUrl = `http://localhost:${backendPort}`;
  let log = '';
  const child = spawn('yarn', ['start'], {
    cwd: appDir,
    detached: true, // its own process group, stopped as a whole
    stdio: ['ignore', 'pipe', 'pipe'],
    env: yarnEnv({
      ...env,
      BROWSER: 'none',
      // Backstage reads APP_CONFIG_* over the config files: this run's own ports.
      APP_CONFIG_app_baseUrl: appUrl,
      APP_CONFIG_backend_baseUrl: backendUrl,
      APP_CONFIG_backend_listen_port: String(backendPort),
      APP_CONFIG_backend_cors_origin: appUrl,
    }),
  });
  child.stdout.on('data', d => (log += d));
  child.stderr.on('data', d => (log += d));
  return {
    appUrl,
    backendUrl,
    log: () => log,
    exited: () => child.exitCode !== null,
    stop: async () => {
      if (child.exitCode !== null) return;
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        return;
      }
      const deadline = Date.now() + 15_000;
      while (child.exitCode === null && Date.now() < deadline)
        await new Promise(r => setTimeout(r, 200));
      if (child.exitCode === null) {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          /* gone */
        }
      }
    },
  };
}

export async function waitFor(
  what,
  fn,
  { timeoutMs, intervalMs = 1000, isDead },
) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    if (isDead?.()) throw new Error(`${what}: the app exited`);
    if (Date.now() > deadline)
      throw new Error(`${what}: timed out${last ? ` (${last.message})` : ''}`);
    await new Promise(r => setTimeout(r, intervalMs));
  }
}
