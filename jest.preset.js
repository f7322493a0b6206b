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
    // A package's subpath entry (@berth/sys/mount-flags): the source file of that name.
    '^@berth/([a-z-]+)/([a-z-]+)$': path.join(__dirname, 'packages/$1/src/$2.ts'),
  },
  // Only *.test.ts: jest's default also takes any file named spec.ts (config.json specs!).
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  // Most suites run real containers, registries and daemons on a 2-core machine that may be
  // running other suites too: 5 s is a guess about load, not about correctness.
  testTimeout: 60_000,
  reporters: ['default', path.join(__dirname, 'tools/jest/summary-reporter.js')],
};
