import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

// Layer rules (DESIGN.md §1): shared imports nothing platform-specific; electron and
// renderer never import each other; only electron/main and electron/preload import electron.
const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'crypto', 'child_process', 'http', 'url', 'worker_threads'];
const restrict = (patterns, message) => ({
  'no-restricted-imports': ['error', { patterns: [{ group: patterns, message }] }],
});

export default tseslint.config(
  { ignores: ['out/**', 'out-*/**', 'dist/**', 'node_modules/**', 'test-artifacts/**', 'bench-results/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/consistent-type-definitions': ['error', 'type'],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: restrict(
      [...nodeBuiltins, 'electron', 'better-sqlite3', 'react', 'react-dom', '**/electron/**', '**/renderer/**'],
      'shared/ is pure TypeScript: no Node, DOM, electron, SQLite, React or other layers (DESIGN.md §1).',
    ),
  },
  {
    files: ['shared/**/*.ts'],
    languageOptions: { globals: {} },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      ...restrict(
        [...nodeBuiltins, 'electron', 'better-sqlite3', '**/electron/**'],
        'renderer/ talks to the backend only through the Bridge (DESIGN.md §1).',
      ),
    },
  },
  {
    files: ['electron/**/*.ts'],
    ignores: ['electron/main/**', 'electron/preload/**'],
    rules: restrict(
      ['electron', '**/renderer/**'],
      'Only electron/main and electron/preload may import electron; electron/ never imports renderer/.',
    ),
  },
  {
    files: ['electron/main/**/*.ts', 'electron/preload/**/*.ts'],
    rules: restrict(['**/renderer/**'], 'electron/ never imports renderer/ (DESIGN.md §1).'),
  },
  {
    files: ['scripts/**/*.{js,mjs,cjs}', 'bin/**/*.js', 'bench/**/*.ts', 'tests/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
);
