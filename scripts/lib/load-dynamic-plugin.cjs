#!/usr/bin/env node
/*
 * Loads one exported dynamic plugin the way Red Hat Developer Hub does, without RHDH, and prints
 * what it found as JSON on stdout (exit code 0 even when the plugin fails to load: the caller
 * asserts). Used by scripts/tests/dynamic-plugins.test.mjs; runs in a process of its own because
 * it patches Node's module resolution.
 *
 *   node scripts/lib/load-dynamic-plugin.cjs backend  <dist-dynamic dir> <host root>
 *   node scripts/lib/load-dynamic-plugin.cjs frontend <dist-dynamic dir> <host root>
 *
 * backend: RHDH's CommonJS loader (backend-dynamic-feature-service) narrows the node_modules
 * search of code inside a dynamic plugin to the plugin's own node_modules and the host's root
 * node_modules, then require()s the package. Same here, with the Runway repository root as the
 * host. The host here also holds Runway's own workspace packages and many libraries RHDH does not
 * ship, so on top of RHDH's rule every module that code inside the plugin resolves outside the
 * plugin folder is reported as a leak unless the plugin declares it a peer dependency (the
 * @backstage/* packages RHDH shares). A missing embedded @runway/* package is such a leak.
 * The default export must be a backend feature (`$$type` '@backstage/BackendFeature'), as RHDH's
 * loader and the RHDH CLI require; its registrations (plugin id, module id, dependencies) are
 * listed.
 *
 * frontend: evaluates the Scalprum entry script named by dist-scalprum/plugin-manifest.json in a
 * VM context with just enough of a browser (document.currentScript, <script> loading read from
 * disk), receives the module federation container through the `__load_plugin_entry__` callback
 * RHDH's Scalprum registers, initialises it with a share scope holding the host's singletons
 * (React, react-router, @backstage/core-plugin-api, ... from the repository's node_modules), gets
 * the exposed module and lists its exports.
 */
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');
const Module = require('node:module');

const [kind, distDynamicArg, hostRootArg] = process.argv.slice(2);
const distDynamic = fs.realpathSync(distDynamicArg);
const hostRoot = fs.realpathSync(hostRootArg);
const hostNodeModules = path.join(hostRoot, 'node_modules');
const pkg = JSON.parse(
  fs.readFileSync(path.join(distDynamic, 'package.json'), 'utf8'),
);

function packageName(request) {
  const parts = request.split('/');
  return request.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

function describeError(e) {
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}

function inside(file) {
  return file === distDynamic || file.startsWith(distDynamic + path.sep);
}

async function loadBackend() {
  const shared = new Set(Object.keys(pkg.peerDependencies ?? {}));
  const leaks = new Set();

  // RHDH's rule: inside a dynamic plugin, only its own node_modules and the host root's.
  const originalPaths = Module._nodeModulePaths;
  Module._nodeModulePaths = from => {
    const result = originalPaths(from);
    if (!inside(from)) return result;
    return result.filter(p => p === hostNodeModules || inside(p));
  };
  // Ours on top: what the plugin gets from the host must be a declared shared package.
  const originalResolve = Module._resolveFilename;
  Module._resolveFilename = function resolve(request, parent, ...rest) {
    const resolved = originalResolve.call(this, request, parent, ...rest);
    if (
      parent?.filename &&
      inside(parent.filename) &&
      !Module.isBuiltin(request) &&
      path.isAbsolute(resolved) &&
      !inside(resolved) &&
      !shared.has(packageName(request))
    ) {
      leaks.add(
        `${packageName(request)} (required by ${path.relative(
          distDynamic,
          parent.filename,
        )})`,
      );
    }
    return resolved;
  };

  const result = { kind: 'backend', name: pkg.name, shared: [...shared] };
  let loaded;
  try {
    loaded = require(distDynamic);
  } catch (e) {
    result.error = describeError(e);
    result.leaks = [...leaks];
    return result;
  }
  result.leaks = [...leaks];
  result.exports = Object.keys(loaded);
  const feature = loaded.default;
  result.featureType = feature?.$$type;
  result.dynamicPluginInstaller = typeof loaded.dynamicPluginInstaller;
  // What RHDH installs: the default export, or, for a feature loader (createBackendFeatureLoader),
  // the features its loader yields, as the backend would expand it at start-up.
  let installed = [];
  if (feature?.featureType === 'loader') {
    try {
      installed = [...(await feature.loader({}))];
    } catch (e) {
      result.error = `loader: ${describeError(e)}`;
    }
  } else if (feature) {
    installed = [feature];
  }
  // Named exports that are features too but are not installed through the default export.
  result.otherFeatures = Object.entries(loaded)
    .filter(
      ([key, value]) =>
        key !== 'default' &&
        value?.$$type === '@backstage/BackendFeature' &&
        !installed.includes(value),
    )
    .map(([key]) => key);
  result.registrations = [];
  for (const f of installed) {
    if (typeof f?.getRegistrations !== 'function') {
      result.error = `an installed feature has no registrations: ${f?.featureType}`;
      continue;
    }
    try {
      result.registrations.push(
        ...f.getRegistrations().map(r => ({
          type: r.type,
          pluginId: r.pluginId,
          moduleId: r.moduleId,
          deps: Object.values(r.init?.deps ?? {}).map(d => d?.id),
        })),
      );
    } catch (e) {
      result.error = `getRegistrations: ${describeError(e)}`;
    }
  }
  return result;
}

async function loadFrontend() {
  const scalprumDir = path.join(distDynamic, 'dist-scalprum');
  const manifest = JSON.parse(
    fs.readFileSync(path.join(scalprumDir, 'plugin-manifest.json'), 'utf8'),
  );
  const result = { kind: 'frontend', name: pkg.name, manifest };
  const base = 'http://rhdh.invalid/dynamic-plugins/';
  const loadedScripts = [];
  const containers = new Map();

  const runScript = (relative, context) => {
    const file = path.join(scalprumDir, relative);
    loadedScripts.push(relative);
    vm.runInContext(fs.readFileSync(file, 'utf8'), context, { filename: file });
  };
  const document = {
    currentScript: null,
    head: {
      appendChild(element) {
        // webpack's chunk loader: a <script src> whose load event it waits for.
        setImmediate(() => {
          try {
            if (!element.src.startsWith(base)) {
              throw new Error(`script outside the plugin: ${element.src}`);
            }
            runScript(element.src.slice(base.length), context);
            element.onload?.({ type: 'load', target: element });
          } catch (e) {
            result.chunkErrors = [
              ...(result.chunkErrors ?? []),
              describeError(e),
            ];
            element.onerror?.({ type: 'error', target: element });
          }
        });
        return element;
      },
      removeChild() {},
    },
    createElement: tag => ({
      tagName: tag.toUpperCase(),
      setAttribute(k, v) {
        this[k] = v;
      },
      getAttribute(k) {
        return this[k];
      },
      parentNode: { removeChild() {} },
    }),
    getElementsByTagName: () => [],
    querySelectorAll: () => [],
  };
  const sandbox = {
    console,
    setTimeout,
    clearTimeout,
    setInterval,
    clearInterval,
    queueMicrotask,
    document,
    navigator: { userAgent: 'node' },
    location: { href: base, origin: 'http://rhdh.invalid' },
    __load_plugin_entry__: (name, container) => containers.set(name, container),
  };
  sandbox.self = sandbox;
  sandbox.window = sandbox;
  const context = vm.createContext(sandbox);

  for (const script of manifest.loadScripts ?? []) {
    document.currentScript = { src: base + script, tagName: 'SCRIPT' };
    runScript(script, context);
    document.currentScript = null;
  }
  result.containers = [...containers.keys()];
  const container = containers.get(manifest.name);
  if (!container) {
    result.error = `no container registered as ${manifest.name}`;
    return result;
  }

  // The host's singletons, as RHDH's app provides them to every plugin.
  const hostRequire = Module.createRequire(path.join(hostRoot, 'package.json'));
  const shareScope = {};
  for (const name of [
    'react',
    'react-dom',
    'react-router',
    'react-router-dom',
    '@backstage/version-bridge',
    '@backstage/core-app-api',
    '@backstage/core-plugin-api',
    '@backstage/frontend-plugin-api',
    '@material-ui/core/styles',
    '@material-ui/styles',
  ]) {
    let version;
    try {
      version = hostRequire(`${packageName(name)}/package.json`).version;
    } catch {
      continue;
    }
    shareScope[name] = {
      [version]: {
        get: () => Promise.resolve(() => hostRequire(name)),
        loaded: 1,
        from: 'host',
      },
    };
  }
  const module = process.env.RUNWAY_SCALPRUM_MODULE || 'PluginRoot';
  try {
    await container.init(shareScope);
    const factory = await container.get(module);
    const exported = factory();
    result.module = module;
    result.exports = Object.keys(exported).sort();
    result.pluginIds = Object.values(exported)
      .filter(v => v && typeof v.getId === 'function')
      .map(v => v.getId());
  } catch (e) {
    result.error = describeError(e);
  }
  result.loadedScripts = loadedScripts.length;
  // The chunks loaded on demand (lazy components, pages) must exist and compile.
  const staticDir = path.join(scalprumDir, 'static');
  const chunks = fs.existsSync(staticDir)
    ? fs.readdirSync(staticDir).filter(f => f.endsWith('.js'))
    : [];
  result.chunks = chunks.length;
  for (const chunk of chunks) {
    const file = path.join(staticDir, chunk);
    try {
      new vm.Script(fs.readFileSync(file, 'utf8'), { filename: file });
    } catch (e) {
      result.chunkErrors = [
        ...(result.chunkErrors ?? []),
        `${chunk}: ${describeError(e)}`,
      ];
    }
  }
  return result;
}

(async () => {
  let result;
  try {
    result = kind === 'backend' ? await loadBackend() : await loadFrontend();
  } catch (e) {
    result = { kind, name: pkg.name, error: describeError(e) };
  }
  process.stdout.write(`${JSON.stringify(result)}\n`);
  // Loaded plugins may hold timers or handles open; the answer is printed.
  process.exit(0);
})();
