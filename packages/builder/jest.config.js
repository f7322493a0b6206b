module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'builder',
  rootDir: __dirname,
};
