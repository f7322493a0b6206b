// Bundles the berth-registry CLI into one file (faster start than resolving dozens of modules).
// Sibling @berth packages are read from their sources, so no build of them is needed first.
const path = require('node:path');
const esbuild = require('esbuild');

const packages = path.join(__dirname, '..', '..');

/**
 * Builds `outfile` from src/cli/main.ts (or another entry, e.g. src/index.ts for the library);
 * used by `npm run bundle`, the CLI tests and tools/bench/registry.
 */
async function bundle(
  outfile = path.join(__dirname, '..', 'dist', 'berth-registry.js'),
  entry = 'cli/main.ts',
) {
  await esbuild.build({
    entryPoints: [path.join(__dirname, '..', 'src', entry)],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    alias: { '@berth/oci': path.join(packages, 'oci', 'src', 'index.ts') },
    logLevel: 'warning',
  });
  return outfile;
}

module.exports = { bundle };

if (require.main === module) {
  bundle(process.argv[2], process.argv[3]).catch((error) => {
    process.stderr.write(`bundle failed: ${error.message}\n`);
    process.exitCode = 1;
  });
}
