import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'data/**', '**/*.d.ts', 'packages/web/src/api/schema.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: {
        project: ['./tsconfig.eslint.json', './packages/web/tsconfig.json'],
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      // Fastify plugins are async by contract even when they await nothing.
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // The core is pure: no I/O, no HTTP, no SQL, no UI. It runs unchanged in the browser and the CLI.
    files: ['packages/core/src/**/*.ts'],
    ignores: ['packages/core/src/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['node:*', 'fs', 'path', 'http', 'child_process'],
              message: 'The core is pure: no I/O.',
            },
            {
              group: ['fastify*', 'kysely', 'pg', 'better-sqlite3', 'react*', 'antd*'],
              message: 'The core knows nothing of server or UI.',
            },
            {
              group: ['@luoshi/server', '@luoshi/web', 'luoshi'],
              message: 'The core depends on no other package.',
            },
          ],
        },
      ],
    },
  },
  {
    // Hooks called in a fixed order and effects that list what they read: the two rules React's own docs require.
    files: ['packages/web/src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      // useLoad and usePagedList are not listed as additional hooks: their callers name the primitives a derived
      // query object is built from, which the rule cannot see through.
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  {
    // Migrations run over Kysely<any>: they describe tables that the typed schema does not yet (or no longer) has.
    files: ['packages/server/src/db/migrations/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['**/*.test.ts', 'packages/web/e2e/**', 'scripts/**'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
);
