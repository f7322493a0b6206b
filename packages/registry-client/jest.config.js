module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'registry-client',
  rootDir: __dirname,
  globalSetup: require.resolve('../../tools/fixtures/jest/global-setup.ts'),
  globalTeardown: require.resolve('../../tools/fixtures/jest/global-teardown.ts'),
};
