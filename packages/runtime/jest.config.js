module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'runtime',
  rootDir: __dirname,
  // Conformance and engine tests run real containers; a loaded 2-core machine needs headroom.
  testTimeout: 60_000,
};
