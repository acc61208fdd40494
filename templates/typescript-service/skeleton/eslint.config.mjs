// @ts-check
import eslint from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', '.test-build/', 'coverage/', 'node_modules/'] },
  eslint.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: { globals: globals.node },
  },
  {
    // The service logs through its JSON logger only; scripts talk to CI on stdout.
    files: ['src/**/*.ts'],
    rules: { 'no-console': 'error' },
  },
);
