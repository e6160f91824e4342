/**
 * End-to-end tests: the H5 build in headless Chromium against a running server. With APP_URL set they use
 * that server (which serves the build at its root); without it, global-setup.ts starts one with the server
 * team's test harness. Runs from miniapp (`npm run test:e2e`) or from the root (`npx jest --config miniapp/e2e/jest.config.js`).
 */
const swc = ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' } }];

module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  testMatch: ['<rootDir>/**/*.e2e.ts'],
  transform: { '^.+\\.ts$': swc },
  moduleNameMapper: { '^@shared/(.*)$': '<rootDir>/../../shared/src/$1' },
  globalSetup: '<rootDir>/global-setup.ts',
  globalTeardown: '<rootDir>/global-teardown.ts',
  testTimeout: 120_000,
  maxWorkers: 1,
};
