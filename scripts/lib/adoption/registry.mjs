// A throw-away npm registry for the adopter test: Verdaccio (installed pinned into
// .tools/verdaccio, never a dependency of the repository) with its storage in a temporary
// folder. Runway's tarballs are published to it as a release would publish them; every other
// package is proxied from the registry npm is configured with, so what an app installs through
// it is what it would install from a real registry.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

export const VERDACCIO_VERSION = '6.10.4';

export function npmRegistry() {
  return execFileSync('npm', ['config', 'get', 'registry'], {
    encoding: 'utf8',
  }).trim();
}

/** True when the configured registry answers (the adopter test needs it; it skips otherwise). */
export async function registryReachable(url = npmRegistry()) {
  try {
    const res = await fetch(
      new URL('@backstage%2fcreate-app', url.endsWith('/') ? url : `${url}/`),
      {
        signal: AbortSignal.timeout(15_000),
        headers: { accept: 'application/vnd.npm.install-v1+json' },
      },
    );
    return res.ok;
  } catch {
    return false;
  }
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Installs Verdaccio into <root>/.tools/verdaccio unless that exact version is there. */
export function ensureVerdaccio(root) {
  const dir = path.join(root, '.tools/verdaccio');
  const bin = path.join(dir, 'node_modules/verdaccio/bin/verdaccio');
  const installed = path.join(dir, 'node_modules/verdaccio/package.json');
  if (
    fs.existsSync(installed) &&
    JSON.parse(fs.readFileSync(installed, 'utf8')).version === VERDACCIO_VERSION
  ) {
    return bin;
  }
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'package.json'), '{ "private": true }\n');
  execFileSync(
    'npm',
    [
      'install',
      '--no-audit',
      '--no-fund',
      '--no-save',
      '--loglevel=error',
      `verdaccio@${VERDACCIO_VERSION}`,
    ],
    { cwd: dir, stdio: 'inherit' },
  );
  return bin;
}

/**
 * Starts Verdaccio on a free port: `@runway/*` only from what is published to it, everything
 * else proxied from `uplink`. Returns { url, stop }.
 */
export async function startRegistry({ root, workDir, uplink }) {
  const bin = ensureVerdaccio(root);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/`;
  const config = path.join(workDir, 'verdaccio.yaml');
  fs.writeFileSync(
    config,
    [
      `storage: ${JSON.stringify(path.join(workDir, 'storage'))}`,
      'auth:',
      '  htpasswd:',
      `    file: ${JSON.stringify(path.join(workDir, 'htpasswd'))}`,
      '    max_users: -1',
      'uplinks:',
      '  upstream:',
      `    url: ${JSON.stringify(uplink)}`,
      '    timeout: 60s',
      'packages:',
      "  '@runway/*':",
      '    access: $all',
      '    publish: $all',
      "  '**':",
      '    access: $all',
      '    proxy: upstream',
      `listen: 127.0.0.1:${port}`,
      'log: { type: stdout, format: pretty, level: warn }',
      '',
    ].join('\n'),
  );
  let log = '';
  const child = spawn(process.execPath, [bin, '--config', config], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', d => (log += d));
  child.stderr.on('data', d => (log += d));
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`verdaccio exited: ${log}`);
    try {
      const res = await fetch(`${url}-/ping`);
      if (res.ok) break;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline)
      throw new Error(`verdaccio did not start: ${log}`);
    await new Promise(r => setTimeout(r, 250));
  }
  return {
    url,
    log: () => log,
    stop: () => {
      if (child.exitCode === null) child.kill('SIGTERM');
    },
  };
}

/** Publishes each tarball with `npm publish`, as a release does. */
export function publishTarballs(registryUrl, tarballs, workDir) {
  // Verdaccio lets anyone publish @runway/* here; npm still wants some credential to send.
  const npmrc = path.join(workDir, '.npmrc');
  const host = registryUrl.replace(/^https?:/, '');
  fs.writeFileSync(
    npmrc,
    `registry=${registryUrl}\n${host}:_authToken=adoption-test\n`,
  );
  for (const tarball of tarballs) {
    execFileSync(
      'npm',
      [
        'publish',
        tarball,
        '--registry',
        registryUrl,
        '--userconfig',
        npmrc,
        '--loglevel=error',
      ],
      {
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
  }
}
