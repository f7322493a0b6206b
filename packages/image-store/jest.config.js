module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'image-store',
  rootDir: __dirname,
  globalSetup: require.resolve('@berth/fixtures/jest/global-setup.ts'),
  globalTeardown: require.resolve('@berth/fixtures/jest/global-teardown.ts'),
};
