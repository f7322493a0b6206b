// Bundles pull-client.js into one file (esbuild, @berth/api from its TypeScript sources and its
// light gRPC client instead of grpc-js, as the berth CLI is bundled), so the timed client starts like a CLI ships rather than resolving
// @berth/api's modules and grpc-js's one by one.
const { join } = require('node:path');
const esbuild = require('esbuild');

const PACKAGES = join(__dirname, '../../../packages');

/** Writes the client bundle to <dir>/pull-client.js; returns its path. */
async function bundlePullClient(dir) {
  const outfile = join(dir, 'pull-client.js');
  await esbuild.build({
    entryPoints: [join(__dirname, 'pull-client.js')],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    minifySyntax: true,
    alias: {
      '@berth/api': join(PACKAGES, 'api/src/index.ts'),
      // grpc-js's client surface over node:net, as the berth CLI ships (@berth/api src/grpc-lite).
      '@grpc/grpc-js': join(PACKAGES, 'api/src/grpc-lite/index.ts'),
      // Only a serving daemon's reflection loads .proto definitions; a client never does.
      '@grpc/proto-loader': join(PACKAGES, 'cli/scripts/no-proto-loader.js'),
    },
    logLevel: 'warning',
  });
  return outfile;
}

module.exports = { bundlePullClient };
