module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'shim',
  rootDir: __dirname,
  // Integration tests start real shims from the esbuild bundle: build it (and what it loads) once.
  globalSetup: '<rootDir>/test/global-setup.js',
};
