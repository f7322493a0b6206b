// Bundles the berth-registry CLI into one file (faster start than resolving dozens of modules).
// Sibling @berth packages are read from their sources, so no build of them is needed first.
const fs = require('node:fs');
const path = require('node:path');
const esbuild = require('esbuild');

const packages = path.join(__dirname, '..', '..');

/**
 * commander requires node:child_process at load (for executable subcommands, which this CLI has
 * none of): ~5 ms of every start here. The bundle gets it on first use instead.
 */
const lazyChildProcess = {
  name: 'lazy-child-process',
  setup(build) {
    build.onLoad({ filter: /[\\/]commander[\\/]lib[\\/]command\.js$/ }, async (args) => {
      const eager = "const childProcess = require('node:child_process');";
      const source = await fs.promises.readFile(args.path, 'utf8');
      if (!source.includes(eager)) return undefined;
      const lazy =
        "const childProcess = new Proxy({}, { get: (_, key) => require('node:child_process')[key] });";
      return { contents: source.replace(eager, lazy), loader: 'js' };
    });
  },
};

/**
 * The CLI's launcher: loads the bundle through a V8 code cache kept beside it, written when the
 * first run ends and again whenever V8 rejects it (a rebuild, another Node): starts then skip
 * parsing and compiling the ~330 KB bundle (~10 ms of a ~95 ms start here). An unwritable
 * directory only means no cache.
 */
function launcherSource(bundleName) {
  return `#!/usr/bin/env node
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');
const Module = require('node:module');
const file = path.join(__dirname, ${JSON.stringify(bundleName)});
const cacheFile = file + '.v8cache';
let cachedData;
try {
  cachedData = fs.readFileSync(cacheFile);
} catch {}
const source = fs.readFileSync(file, 'utf8').replace(/^#!.*/, '');
const script = new vm.Script(Module.wrap(source), { filename: file, cachedData });
const bundle = { exports: {} };
script.runInThisContext().call(bundle.exports, bundle.exports, require, bundle, file, __dirname);
const saveCache = cachedData === undefined || script.cachedDataRejected;
// Exits as soon as the command is done, without Node's teardown of the heap and handles (15-30 ms
// of a pull here): everything a command does is awaited before main() resolves, and writes to
// stdout and stderr (files, pipes, terminals) are synchronous on Linux.
function exit(status) {
  if (saveCache) {
    const temp = cacheFile + '.' + process.pid + '.tmp';
    try {
      fs.writeFileSync(temp, script.createCachedData());
      fs.renameSync(temp, cacheFile);
    } catch {
      fs.rmSync(temp, { force: true });
    }
  }
  process.exit(status);
}
bundle.exports.main(process.argv.slice(2)).then(exit, (error) => {
  process.stderr.write('berth-registry: ' + String(error) + '\\n');
  exit(1);
});
`;
}

/**
 * The command users run, beside the launcher: Node reads NODE_EXTRA_CA_CERTS at start-up and
 * then builds its whole CA store before any code runs (~100 ms per start on this machine, where
 * it is set system-wide: `node -e 0` 172 vs 67 ms), also for pulls that never use TLS. The
 * variable moves to BERTH_EXTRA_CA_CERTS, which the client reads when it first opens a TLS
 * connection (src/transport/extra-ca.ts), so the same certificates are trusted.
 */
function shellLauncherSource(launcherName) {
  return `#!/bin/sh
if [ -n "$NODE_EXTRA_CA_CERTS" ]; then
  BERTH_EXTRA_CA_CERTS=$NODE_EXTRA_CA_CERTS
  export BERTH_EXTRA_CA_CERTS
  unset NODE_EXTRA_CA_CERTS
fi
# No dirname: every process started here counts.
case $0 in */*) here=\${0%/*} ;; *) here=. ;; esac
exec node "$here/${launcherName}" "$@"
`;
}

/**
 * Builds `outfile` from src/cli/main.ts (or another entry, e.g. src/index.ts for the library);
 * used by `npm run bundle`, the CLI tests and tools/bench/registry. For the CLI, `outfile` is the
 * launcher and the bundle goes beside it as `<name>.bundle.js`, and the shell command as `<name>`.
 */
async function bundle(
  outfile = path.join(__dirname, '..', 'dist', 'berth-registry.js'),
  entry = 'cli/main.ts',
) {
  const isCli = entry === 'cli/main.ts';
  const bundleFile = isCli ? outfile.replace(/(\.js)?$/, '.bundle.js') : outfile;
  await esbuild.build({
    entryPoints: [path.join(__dirname, '..', 'src', entry)],
    outfile: bundleFile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    alias: { '@berth/oci': path.join(packages, 'oci', 'src', 'index.ts') },
    plugins: [lazyChildProcess],
    logLevel: 'warning',
  });
  if (isCli) {
    fs.writeFileSync(outfile, launcherSource(path.basename(bundleFile)), { mode: 0o755 });
    if (outfile.endsWith('.js')) {
      fs.writeFileSync(outfile.slice(0, -3), shellLauncherSource(path.basename(outfile)), { mode: 0o755 });
    }
    fs.rmSync(`${bundleFile}.v8cache`, { force: true });
  }
  return outfile;
}

module.exports = { bundle };

if (require.main === module) {
  bundle(process.argv[2], process.argv[3]).catch((error) => {
    process.stderr.write(`bundle failed: ${error.message}\n`);
    process.exitCode = 1;
  });
}
