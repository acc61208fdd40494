// Each backend plugin's openapi.yaml is the one source of its API: the backend's typed-router
// spec and the common package's types and client are generated from it. This fails while a
// generated file differs from what its YAML generates now (run `yarn generate:openapi` in the
// backend plugin's folder).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const { generatedFiles } = createRequire(import.meta.url)(
  join(root, 'scripts/generate-openapi.js'),
);

const backends = readdirSync(join(root, 'plugins')).filter(name =>
  existsSync(join(root, 'plugins', name, 'src/schema/openapi.yaml')),
);

test('every backend plugin has an OpenAPI spec', () => {
  assert.deepEqual(backends.sort(), [
    'cost-backend',
    'delivery-backend',
    'environments-backend',
    'golden-paths-backend',
  ]);
});

for (const backend of backends) {
  test(`${backend}: generated server and client files match openapi.yaml`, async () => {
    const files = await generatedFiles(join(root, 'plugins', backend));
    assert.equal(Object.keys(files).length, 2);
    for (const [file, expected] of Object.entries(files)) {
      const name = relative(root, file);
      assert.ok(
        existsSync(file),
        `${name} is missing: run yarn generate:openapi in plugins/${backend}`,
      );
      assert.ok(
        readFileSync(file, 'utf8') === expected,
        `${name} differs from what openapi.yaml generates: run yarn generate:openapi in plugins/${backend}`,
      );
    }
  });
}
