module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'registry-client',
  rootDir: __dirname,
  globalSetup: require.resolve('@berth/fixtures/jest/global-setup.ts'),
  globalTeardown: require.resolve('@berth/fixtures/jest/global-teardown.ts'),
};
