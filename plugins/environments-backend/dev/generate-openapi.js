// Regenerates src/schema/openapi.generated.ts from src/schema/openapi.yaml (shared generator).
require('../../../scripts/generate-openapi')(
  require('node:path').resolve(__dirname, '..'),
);
