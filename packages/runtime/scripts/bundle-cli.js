#!/usr/bin/env node
// Bundles the CLI into dist/berth-runtime.js (one file: no module resolution at start-up).
'use strict';
const { execFileSync } = require('node:child_process');
const path = require('node:path');
const esbuild = require('esbuild');

const pkg = path.join(__dirname, '..');

function commit() {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: pkg, encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

/**
 * Built-in modules the bundle imports only for code a runtime command rarely runs (node:crypto
 * comes with @berth/oci's digests and costs milliseconds to load): the module is required on the
 * first access to one of its exports instead of at start-up.
 */
function lazyBuiltins(names) {
  return {
    name: 'lazy-builtins',
    setup(build) {
      const filter = new RegExp(`^(${names.map((n) => n.replace(/[.:/]/g, '\\$&')).join('|')})$`);
      build.onResolve({ filter }, (args) => ({ path: args.path, namespace: 'lazy-builtin' }));
      // The inner require names the module without "node:", which this filter does not match.
      build.onLoad({ filter: /.*/, namespace: 'lazy-builtin' }, (args) => ({
        contents: [
          `let m;`,
          `for (const k of ${JSON.stringify(Object.keys(require(args.path)))})`,
          `  Object.defineProperty(exports, k, { enumerable: true, get: () => (m ??= require(${JSON.stringify(args.path.replace(/^node:/, ''))}))[k] });`,
        ].join('\n'),
        loader: 'js',
      }));
    },
  };
}

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  // Whole minification: a smaller code cache to load on every call (about 3 ms here).
  minify: true,
  // Class names stay readable in --debug stack traces.
  keepNames: true,
  logLevel: 'warning',
};

// What the launcher loads first for create, run and exec (see src/cli/prime-entry.ts).
const prime = esbuild.build({
  ...common,
  entryPoints: [path.join(pkg, 'src/cli/prime-entry.ts')],
  outfile: path.join(pkg, 'dist/berth-runtime-prime.js'),
});

const cli = esbuild.build({
  ...common,
  entryPoints: [path.join(pkg, 'src/cli/entry.ts')],
  outfile: path.join(pkg, 'dist/berth-runtime.js'),
  // The addon finds its .node file from its own directory: load it from its package.
  external: ['@berth/sys'],
  // From its TypeScript sources (ES modules), so esbuild keeps only what the runtime uses of it.
  // @berth/sys's native-free mount tables are bundled in, so they cost no module load at start.
  alias: {
    '@berth/oci': path.join(pkg, '..', 'oci', 'src', 'index.ts'),
    '@berth/sys/mount-flags': path.join(pkg, '..', 'sys', 'src', 'mount-flags.ts'),
  },
  define: { BERTH_COMMIT: JSON.stringify(commit()) },
  plugins: [lazyBuiltins(['node:crypto'])],
});

Promise.all([prime, cli]).catch(() => process.exit(1));
