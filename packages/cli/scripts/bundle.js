#!/usr/bin/env node
// Bundles berth into dist/berth.js: one file, so start-up does not resolve hundreds of modules.
// @berth/api is bundled from its TypeScript sources, through its engine-only entry: the CLI (and
// compose and the builder's client, bundled with it) talk to berthd alone, so the other daemons'
// generated code stays out. Commands stay lazy because they are required inside functions.
'use strict';
const path = require('node:path');
const esbuild = require('esbuild');

const pkg = path.join(__dirname, '..');

esbuild.buildSync({
  entryPoints: [path.join(pkg, 'src/entry.ts')],
  outfile: path.join(pkg, 'dist/berth.js'),
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minifySyntax: true,
  alias: {
    '@berth/api': path.join(pkg, '../api/src/engine-entry.ts'),
    '@grpc/proto-loader': path.join(pkg, 'scripts/no-proto-loader.js'),
  },
  // bunyan (through @berth/builder's use of @berth/kit) tries dtrace-provider's native addon in a
  // try/catch and works without it; esbuild cannot follow its computed require.
  external: ['dtrace-provider'],
  logLevel: 'warning',
});

// Warm the V8 code cache (see bin/berth) with a run that loads the gRPC client and renders an
// error, so the first user command already starts from compiled code.
const { spawnSync } = require('node:child_process');
const fsCache = path.join(pkg, 'dist/berth.js.cache');
require('node:fs').rmSync(fsCache, { force: true });
spawnSync(
  process.execPath,
  [path.join(pkg, 'bin/berth'), '-H', 'unix:///nonexistent/berth-warm-up.sock', 'ps'],
  { stdio: 'ignore' },
);
