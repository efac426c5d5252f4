// Lint rules, including the dependency rule of the design: the domain imports
// neither Nest nor any adapter, and the libraries and the other deployables
// (apps/) never import the server.
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.ci/out/**', 'coverage/**', 'data/**', 'bench/**/node_modules/**', '**/*.js', '**/*.mjs'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-empty-object-type': 'off',
      'no-console': 'error',
    },
  },
  {
    files: ['libs/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@nestjs/*', 'better-sqlite3', '@eventstore/*', 'graphql', 'mercurius', 'fastify'], message: 'The domain is pure: no framework, no I/O.' },
            { group: ['@incident-ledger/*', '**/event-store/**', '**/read-models/**', '**/src/**'], message: 'The domain depends on nothing else in the project.' },
            { group: ['node:*', 'fs', 'path', 'http', 'crypto'], message: 'The domain does no I/O.' },
          ],
        },
      ],
    },
  },
  {
    files: ['libs/**/*.ts'],
    ignores: ['libs/domain/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['@nestjs/*'], message: 'Libraries stay framework-free; Nest glue lives in src/.' }, { group: ['**/src/*', '../../../src/**'], message: 'Libraries never import the server.' }] },
      ],
    },
  },
  {
    // The pages: pure functions from domain values and read models to HTML. For these files this block takes the
    // place of the one above (the later rule wins), so it repeats its patterns.
    files: ['libs/presentation/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@nestjs/*', 'fastify', 'mercurius', 'graphql'], message: 'Pages are plain functions from data to HTML: no framework; Nest glue lives in src/.' },
            { group: ['**/src/*', '../../../src/**'], message: 'Libraries never import the server.' },
            {
              group: ['@incident-ledger/*', '!@incident-ledger/domain', '!@incident-ledger/read-models', '**/application/**', '**/event-store/**'],
              message: 'Pages render what the domain and the read models hold; they run nothing (no store, no executor).',
            },
            { group: ['node:*', 'fs', 'path', 'http', 'crypto', 'better-sqlite3', '@eventstore/*'], message: 'Pages do no I/O: whoever serves them reads the data.' },
          ],
        },
      ],
    },
  },
  {
    files: ['apps/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/src/*', '**/src/**', '!@incident-ledger/*'], message: 'Other deployables import the libraries (libs/), never the server (src/): move what they share into a library.' }] },
      ],
    },
  },
  {
    files: ['apps/cli/**/*.ts', 'test/**/*.ts', 'src/main.ts', 'src/print-schema.ts'],
    rules: { 'no-console': 'off' },
  },
);
