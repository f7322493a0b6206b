// Bundles the berth-registry CLI into one file (faster start than resolving dozens of modules).
// Sibling @berth packages are read from their sources, so no build of them is needed first.
const path = require('node:path');
const esbuild = require('esbuild');

const packages = path.join(__dirname, '..', '..');

/** Builds `outfile` from src/cli/main.ts; used by `npm run bundle` and by the CLI tests. */
async function bundle(outfile = path.join(__dirname, '..', 'dist', 'berth-registry.js')) {
  await esbuild.build({
    entryPoints: [path.join(__dirname, '..', 'src', 'cli', 'main.ts')],
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
  bundle(process.argv[2]).catch((error) => {
    process.stderr.write(`bundle failed: ${error.message}\n`);
    process.exitCode = 1;
  });
}
