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

esbuild.buildSync({
  entryPoints: [path.join(pkg, 'src/cli/entry.ts')],
  outfile: path.join(pkg, 'dist/berth-runtime.js'),
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minifySyntax: true,
  // The addon finds its .node file from its own directory: load it from its package.
  external: ['@berth/sys'],
  // From its TypeScript sources (ES modules), so esbuild keeps only what the runtime uses of it.
  alias: { '@berth/oci': path.join(pkg, '..', 'oci', 'src', 'index.ts') },
  define: { BERTH_COMMIT: JSON.stringify(commit()) },
  logLevel: 'warning',
});
