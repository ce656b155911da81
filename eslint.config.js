// One lint config for the workspace. Type-aware rules guard the habits in STYLE.md:
// no floating promises, type-only imports, exhaustive switches.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '**/gen/**', '.stack/**', '**/*.config.*', '.reports/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    // The console app's React components: the rules of hooks.
    files: ['**/*.tsx'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  {
    // Domain cores stay pure: no I/O, no clock, no adapters (STYLE.md habit 1).
    files: ['**/src/domain/**/*.ts', 'packages/matching/src/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['node:*', 'fs', 'net', 'http', 'child_process'],
              message: 'domain code is pure: no Node I/O',
            },
            {
              group: ['mongodb', 'kafkajs', 'fastify', '@grpc/*', 'pino'],
              message: 'domain code is pure: adapters live at the edge',
            },
          ],
        },
      ],
    },
  },
);
