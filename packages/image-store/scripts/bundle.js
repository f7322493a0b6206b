#!/usr/bin/env node
// Bundles berth-images into single files, so a process starts without resolving hundreds of
// modules (requiring dist/index.js loads ~300): dist/bundle/berth-images.js (the daemon) and
// dist/bundle/image-store.js (the library, what tools/bench/images times). Sibling @berth
// packages come from their TypeScript sources (ES modules), so esbuild keeps only what is used.
// @berth/api finds its descriptor set at <bundle dir>/../descriptor/berth.binpb: a copy goes there.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const esbuild = require('esbuild');

const pkg = path.join(__dirname, '..');
const packages = path.join(pkg, '..');

for (const [entry, out] of [
  ['src/daemon/entry.ts', 'berth-images.js'],
  ['src/index.ts', 'image-store.js'],
]) {
  esbuild.buildSync({
    entryPoints: [path.join(pkg, entry)],
    outfile: path.join(pkg, 'dist/bundle', out),
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    minifySyntax: true,
    alias: Object.fromEntries(
      ['oci', 'kit', 'api', 'registry-client'].map((name) => [
        `@berth/${name}`,
        path.join(packages, name, 'src', 'index.ts'),
      ]),
    ),
    // bunyan's optional dtrace-provider is a native addon it does without; @grpc/reflection
    // reads its .proto files relative to its own directory, and @berth/sys its addon relative to
    // its dist/, so both stay in node_modules.
    external: ['dtrace-provider', '@grpc/reflection', '@berth/sys'],
    logLevel: 'warning',
  });
}
const descriptor = require.resolve('@berth/api/descriptor/berth.binpb');
fs.mkdirSync(path.join(pkg, 'dist/descriptor'), { recursive: true });
fs.copyFileSync(descriptor, path.join(pkg, 'dist/descriptor/berth.binpb'));
