// Two projects: `unit` (specs beside the code, no processes) and `e2e`
// (black-box tests under test/ that start the built server). `npm test` runs both.
const { pathsToModuleNameMapper } = require('ts-jest');
const { compilerOptions } = require('./tsconfig.json');

// ts-jest transpiles only (type-checking is `npm run typecheck`), which keeps the suite fast.
const shared = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }], '/node_modules/feed/.+\\.js$': ['ts-jest', { tsconfig: { allowJs: true } }] },
  // `feed` ships ESM only, which Node 20's require(esm) loads but jest's runtime does not (before Node 24.9): compile it to CommonJS.
  transformIgnorePatterns: ['/node_modules/(?!feed/)'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  // jest does not read tsconfig `paths`: derive the mapping from them.
  moduleNameMapper: pathsToModuleNameMapper(compilerOptions.paths, { prefix: '<rootDir>/' }),
};

/** @type {import('jest').Config} */
module.exports = {
  // e2e tests start real server processes; unit tests finish long before this.
  testTimeout: 60_000,
  reporters: ['default', '<rootDir>/test/support/skipped-tests.reporter.js'],
  projects: [
    {
      ...shared,
      displayName: 'unit',
      roots: ['<rootDir>/libs', '<rootDir>/src', '<rootDir>/apps'],
      testMatch: ['**/*.spec.ts'],
    },
    {
      ...shared,
      displayName: 'e2e',
      roots: ['<rootDir>/test'],
      testMatch: ['**/*.e2e-spec.ts'],
    },
  ],
};
