// force timezone to UTC to allow tests to work regardless of local timezone
process.env.TZ = 'UTC';

const base = require('./.config/jest.config');
const { grafanaESModules, nodeModulesToTransform } = require('./.config/jest/utils');

const swcTransform = base.transform['^.+\\.(t|j)sx?$'];
const [, swcOptions] = swcTransform;
const transform = {
  ...base.transform,
  '^.+\\.(t|j)sx?$': ['<rootDir>/jest.engineTransform.js', swcOptions],
  '^.+\\.mjs$': swcTransform,
};
// @bsull/augurs ships ES modules only; so do TF.js's gradient registrations, @kubernetes/client-node and the
// OpenID client it loads.
const esModules = ['@bsull/augurs', '@tensorflow', '@kubernetes/client-node', 'openid-client', 'oauth4webapi', 'jose'];
const transformIgnorePatterns = [nodeModulesToTransform([...grafanaESModules, ...esModules])];

// Code that must run in Node as well as in a worker is tested in Node; UI code in jsdom.
const nodeLayers = ['engine', 'alerting', 'clients', 'cli'];

module.exports = {
  projects: [
    {
      ...base,
      displayName: 'unit-node',
      transform,
      transformIgnorePatterns,
      testEnvironment: 'node',
      setupFilesAfterEnv: [],
      testMatch: nodeLayers.map((layer) => `<rootDir>/src/${layer}/**/*.test.ts`),
    },
    {
      ...base,
      displayName: 'unit-ui',
      transform,
      transformIgnorePatterns,
      testMatch: ['<rootDir>/src/**/*.test.{ts,tsx}'],
      testPathIgnorePatterns: nodeLayers.map((layer) => `<rootDir>/src/${layer}/`),
    },
    {
      ...base,
      displayName: 'integration',
      transform,
      transformIgnorePatterns,
      testEnvironment: 'node',
      setupFilesAfterEnv: [],
      testMatch: ['<rootDir>/tests/integration/**/*.test.ts'],
      globalSetup: '<rootDir>/tests/stack/globalSetup.ts',
      globalTeardown: '<rootDir>/tests/stack/globalTeardown.ts',
    },
  ],
};
