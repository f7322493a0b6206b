#!/usr/bin/env node
// Bundles berth-shim into dist/berth-shim.js: one file, so a shim starts without resolving
// hundreds of modules (start-up time and resident memory both count, see tools/bench/shim).
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const esbuild = require('esbuild');

const pkg = path.join(__dirname, '..');

esbuild.buildSync({
  entryPoints: [path.join(pkg, 'src/cli/entry.ts')],
  outfile: path.join(pkg, 'dist/berth-shim.js'),
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minifySyntax: true,
  // package.json lookups locate the native parts at run time (see src/cli/entry.ts).
  // bunyan's optional dtrace-provider is a native addon it does without; the gRPC packages
  // load .proto files relative to their own code, so they stay in node_modules.
  external: [
    '@berth/sys/package.json',
    '@berth/runtime/package.json',
    'dtrace-provider',
    '@grpc/grpc-js',
    '@grpc/reflection',
    '@grpc/proto-loader',
  ],
  logLevel: 'warning',
});

// @berth/api reads its descriptor set (for gRPC reflection) from ../descriptor next to the code
// that loads it, which in the bundle is dist/: ship a copy there.
fs.mkdirSync(path.join(pkg, 'descriptor'), { recursive: true });
fs.copyFileSync(
  require.resolve('@berth/api/descriptor/berth.binpb', { paths: [pkg] }),
  path.join(pkg, 'descriptor', 'berth.binpb'),
);
