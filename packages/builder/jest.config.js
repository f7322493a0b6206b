module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'builder',
  rootDir: __dirname,
  globalSetup: require.resolve('@berth/fixtures/jest/global-setup.ts'),
  globalTeardown: require.resolve('@berth/fixtures/jest/global-teardown.ts'),
};
