#!/usr/bin/env node
// Bundles berth-network into dist/bundle/berth-network.js: one file, so the daemon starts
// without resolving hundreds of modules. @berth/api finds its descriptor set at
// <bundle dir>/../descriptor/berth.binpb, so a copy goes to dist/descriptor.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const esbuild = require('esbuild');

const pkg = path.join(__dirname, '..');

esbuild.buildSync({
  entryPoints: [path.join(pkg, 'src/daemon/entry.ts')],
  outfile: path.join(pkg, 'dist/bundle/berth-network.js'),
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minifySyntax: true,
  // bunyan's optional dtrace-provider is a native addon it does without; @grpc/reflection
  // reads its .proto files relative to its own directory, so it stays in node_modules; the
  // package.json lookup finds @berth/sys's addon at run time (see src/daemon/entry.ts).
  external: ['dtrace-provider', '@grpc/reflection', '@berth/sys/package.json'],
  logLevel: 'warning',
});
const descriptor = require.resolve('@berth/api/descriptor/berth.binpb');
fs.mkdirSync(path.join(pkg, 'dist/descriptor'), { recursive: true });
fs.copyFileSync(descriptor, path.join(pkg, 'dist/descriptor/berth.binpb'));
