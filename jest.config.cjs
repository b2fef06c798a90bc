// Every test in one run: `npm test` (tools/scripts/test.mjs) calls Jest with these projects.
//  unit         *.spec.ts next to the code: pure logic, no I/O
//  integration  *.integration-spec.ts: real Postgres, Redis, NATS and processes (isolated per run)
//  e2e          e2e/**/*.e2e-spec.ts: the whole system through the gateway, Chromium via playwright-core
const path = require('node:path');
const { compilerOptions } = require('./tsconfig.base.json');

const moduleNameMapper = Object.fromEntries(
  Object.entries(compilerOptions.paths).map(([alias, [target]]) => [`^${alias}$`, path.join(__dirname, target)]),
);

const common = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: { '^.+\\.(ts|tsx|js|mjs|cjs)$': path.join(__dirname, 'tools/jest/transform.cjs') },
  transformIgnorePatterns: [],
  moduleNameMapper,
  modulePathIgnorePatterns: ['<rootDir>/dist/'],
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/dist/'],
  setupFiles: [path.join(__dirname, 'tools/jest/setup.cjs')],
};

module.exports = {
  cacheDirectory: path.join(__dirname, 'node_modules/.cache/jest'),
  // Read at the top level only (Jest ignores it inside projects): integration and e2e tests start processes.
  testTimeout: 60_000,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs,tools,bench}/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/{apps,libs,tools,bench}/**/*.integration-spec.ts'],
      globalSetup: path.join(__dirname, 'tools/jest/integration-global-setup.ts'),
      globalTeardown: path.join(__dirname, 'tools/jest/integration-global-teardown.ts'),
    },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/e2e/**/*.e2e-spec.ts'],
      globalSetup: path.join(__dirname, 'tools/jest/integration-global-setup.ts'),
      globalTeardown: path.join(__dirname, 'tools/jest/integration-global-teardown.ts'),
    },
  ],
};
