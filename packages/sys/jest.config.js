module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'sys',
  rootDir: __dirname,
  globalSetup: '<rootDir>/test/global-setup.js',
};
