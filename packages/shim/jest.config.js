module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'shim',
  rootDir: __dirname,
  // Integration tests run real containers and shims; a slow machine must not fail them.
  testTimeout: 60_000,
  // Integration tests start real shims from the esbuild bundle: build it (and what it loads) once.
  globalSetup: '<rootDir>/test/global-setup.js',
};
