// Shared jest settings: TypeScript through SWC (fast, no type-check: the typecheck target
// does that), and @berth/* imports resolved to sibling packages' sources so a package's tests
// never wait on, or run against stale, builds of its dependencies.
const path = require('node:path');

module.exports = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
        module: { type: 'commonjs' },
        sourceMaps: 'inline',
      },
    ],
  },
  moduleFileExtensions: ['ts', 'js', 'json', 'node'],
  moduleNameMapper: {
    '^@berth/fixtures$': path.join(__dirname, 'tools/fixtures/src/index.ts'),
    '^@berth/([a-z-]+)$': path.join(__dirname, 'packages/$1/src/index.ts'),
  },
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  reporters: ['default', path.join(__dirname, 'tools/jest/summary-reporter.js')],
};
