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
    // Domain cores stay pure: no I/O, no clock, no adapters (STYLE.md habit 1). The workspace's own packages
    // are allowed only for their pure parts (events, errors, sealed-field schemas, checksums); their types are
    // always allowed, so a decider may name a `Decider` or a `Sealed` without pulling in a store or a server.
    files: [
      'services/*/src/domain/**/*.ts',
      'services/linkage/src/cases/domain/**/*.ts',
      'packages/matching/src/**/*.ts',
    ],
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@fivesoc/eventing',
              allowImportNames: ['defineEvent', 'createEventRegistry', 'fold'],
              allowTypeImports: true,
              message:
                'domain code is pure: only event contracts from eventing (store, relay, consumers are I/O)',
            },
            {
              name: '@fivesoc/service-kit',
              allowImportNames: [
                'AlreadyExistsError',
                'ConcurrencyError',
                'IllegalStateError',
                'NotFoundError',
                'ValidationError',
                'assertCreditCode',
                'isValidCreditCode',
                'sealedSchema',
              ],
              allowTypeImports: true,
              message:
                'domain code is pure: only errors and value checks from the kit (config, servers, logs are I/O)',
            },
          ],
          patterns: [
            {
              group: [
                'node:*',
                'fs',
                'fs/*',
                'net',
                'http',
                'https',
                'http2',
                'dgram',
                'dns',
                'child_process',
              ],
              message: 'domain code is pure: no Node I/O',
            },
            {
              group: [
                'mongodb',
                'kafkajs',
                'fastify',
                '@fastify/*',
                'fastify-*',
                '@grpc/*',
                'grpc-health-check',
                'pino',
                '@opentelemetry/*',
                'openid-client',
                'close-with-grace',
                '@fivesoc/eventing/*',
                '@fivesoc/service-kit/*',
                '@fivesoc/test-support',
                '@fivesoc/test-support/*',
              ],
              allowTypeImports: true,
              message: 'domain code is pure: adapters live at the edge',
            },
            {
              group: [
                '**/api/*',
                '**/grpc/*',
                '**/projections/*',
                '**/projection/*',
                '**/readModels/*',
                '**/saga/*',
              ],
              message: "domain code is pure: the service's adapters import the domain, never the other way",
            },
          ],
        },
      ],
    },
  },
);
