#!/usr/bin/env node
// Bundles berth into dist/berth.js: one file, so start-up does not resolve hundreds of modules.
// @berth/api is bundled from its TypeScript sources, through its engine-only entry: the CLI (and
// compose and the builder's client) talk to berthd alone, so the other daemons' generated code
// stays out. Commands stay lazy because they are required inside functions. `berth compose` and
// `berth build`'s client part are bundles of their own (dist/lazy-*.js), read only by the
// commands that need them: every other command starts without reading or checking their code.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const esbuild = require('esbuild');

const pkg = path.join(__dirname, '..');
const dist = path.join(pkg, 'dist');

/** Module required lazily by the CLI -> its bundle in dist/ (bin/berth loads it with its code cache). */
const LAZY = {
  '@berth/compose': 'lazy-compose.js',
  '@berth/builder/dist/client.js': 'lazy-builder-client.js',
};

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minifySyntax: true,
  alias: {
    '@berth/api': path.join(pkg, '../api/src/engine-entry.ts'),
    '@grpc/proto-loader': path.join(pkg, 'scripts/no-proto-loader.js'),
    // grpc-js's client surface, without grpc-js or node:http2 (see @berth/api src/grpc-lite).
    '@grpc/grpc-js': path.join(pkg, '../api/src/grpc-lite/index.ts'),
  },
  // bunyan (through @berth/builder's use of @berth/kit) tries dtrace-provider's native addon in a
  // try/catch and works without it; esbuild cannot follow its computed require.
  external: ['dtrace-provider'],
  logLevel: 'warning',
};

const lazyParts = {
  name: 'lazy-parts',
  setup(build) {
    build.onResolve({ filter: /^@berth\/(compose|builder\/dist\/client\.js)$/ }, (args) => ({
      path: `./${LAZY[args.path]}`,
      external: true,
    }));
  },
};

async function main() {
  await Promise.all([
    esbuild.build({
      ...common,
      entryPoints: [path.join(pkg, 'src/entry.ts')],
      outfile: path.join(dist, 'berth.js'),
      plugins: [lazyParts],
    }),
    ...Object.entries(LAZY).map(([module, file]) =>
      esbuild.build({ ...common, entryPoints: [require.resolve(module)], outfile: path.join(dist, file) }),
    ),
  ]);

  // Warm the V8 code cache (see bin/berth) with a run that loads the gRPC client and renders an
  // error, so the first user command already starts from compiled code. The lazy bundles' caches
  // are written by their first use.
  for (const file of ['berth.js', ...Object.values(LAZY)])
    fs.rmSync(path.join(dist, `${file}.cache`), { force: true });
  require('node:child_process').spawnSync(
    process.execPath,
    [path.join(pkg, 'bin/berth'), '-H', 'unix:///nonexistent/berth-warm-up.sock', 'ps'],
    { stdio: 'ignore' },
  );
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
