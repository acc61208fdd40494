/*
 * Writes src/schema/openapi.generated.ts from src/schema/openapi.yaml (the source of truth) of
 * the backend plugin in the current folder, for its OpenAPI-typed router. Every backend runs
 * it as `yarn generate:openapi` (its package.json script).
 */
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { parse } = require('yaml');

function generateOpenApi(packageDir) {
  const schemaDir = path.join(packageDir, 'src/schema');
  const spec = parse(
    fs.readFileSync(path.join(schemaDir, 'openapi.yaml'), 'utf8'),
  );
  const target = path.join(schemaDir, 'openapi.generated.ts');
  fs.writeFileSync(
    target,
    `// Generated from openapi.yaml by \`yarn generate:openapi\`: edit the YAML, then regenerate
// (openapi.test.ts fails while the two differ).
import { createValidatedOpenApiRouter } from '@backstage/backend-openapi-utils';

export const spec = ${JSON.stringify(spec, null, 2)} as const;

export const createOpenApiRouter = async (
  options?: Parameters<typeof createValidatedOpenApiRouter>['1'],
) => createValidatedOpenApiRouter<typeof spec>(spec, options);
`,
  );
  execFileSync('yarn', ['run', '-T', 'prettier', '--write', target], {
    cwd: packageDir,
    stdio: 'inherit',
  });
}

generateOpenApi(process.cwd());
