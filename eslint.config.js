// ESLint (`npx eslint`, run by `npm test`): the page's modules (www/) and the scripts, with
// ESLint's recommended rules and a few more. Types are tsc's job (www/tsconfig.json,
// scripts/tsconfig.json); this catches what types do not: unused code, loose equality, stray
// globals.
import js from '@eslint/js';
import globals from 'globals';

/** Scripts opt in to tsc's checks one file at a time (scripts/tsconfig.json): this rule makes
 * sure none forgets. */
const tsCheckFirst = {
  meta: { type: 'problem', messages: { missing: 'Start the script with `// @ts-check` (scripts/tsconfig.json checks only those).' } },
  create(context) {
    return {
      Program(node) {
        if (!context.sourceCode.getText().startsWith('// @ts-check\n')) context.report({ node, messageId: 'missing' });
      },
    };
  },
};

const rules = {
  ...js.configs.recommended.rules,
  'no-unused-vars': ['error', { args: 'after-used', caughtErrors: 'all' }],
  eqeqeq: 'error',
  'prefer-const': 'error',
  'no-var': 'error',
  // `_` names a parameter that is there only to reach the next one.
  'no-shadow': ['error', { allow: ['_'] }],
};

export default [
  { ignores: ['www/pkg/', 'dist/', 'target/', 'node_modules/', 'tests/', 'crates/', 'xtask/'] },
  {
    files: ['www/**/*.js'],
    languageOptions: { ecmaVersion: 2023, sourceType: 'module', globals: globals.browser },
    rules,
  },
  {
    files: ['scripts/**/*.mjs', 'eslint.config.js'],
    languageOptions: { ecmaVersion: 2023, sourceType: 'module', globals: globals.node },
    rules,
  },
  {
    // What the bench scripts hand the browser (playwright's `page.evaluate`) runs in the page.
    files: ['scripts/bench*.mjs'],
    languageOptions: { globals: globals.browser },
  },
  {
    files: ['scripts/**/*.mjs'],
    plugins: { local: { rules: { 'ts-check-first': tsCheckFirst } } },
    rules: { 'local/ts-check-first': 'error' },
  },
];
