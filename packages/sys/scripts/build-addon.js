#!/usr/bin/env node
// Compiles the native addon with npm's bundled node-gyp against the headers of the running
// Node, so that `npm ci` works offline: without --nodedir node-gyp downloads headers.
//
//   node scripts/build-addon.js                 full rebuild (the package's install script)
//   node scripts/build-addon.js --incremental   configure only when binding.gyp changed, then make (build target)
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const packageRoot = path.resolve(__dirname, '..');

// The install prefix of the running Node (/usr for /usr/bin/node); its headers are in include/node.
function nodeDir() {
  const prefix = path.resolve(path.dirname(process.execPath), '..');
  const header = path.join(prefix, 'include', 'node', 'node_api.h');
  if (!fs.existsSync(header)) {
    throw new Error(`Node headers not found at ${header}: install them (Debian: libnode-dev/nodejs headers)`);
  }
  return prefix;
}

// npm exports the path of its bundled node-gyp to lifecycle scripts; outside npm, look for a
// node-gyp next to this package, then inside the npm that ships with this Node.
function nodeGypScript() {
  const fromNpm = process.env.npm_config_node_gyp;
  if (fromNpm && fs.existsSync(fromNpm)) return fromNpm;
  const prefix = path.resolve(path.dirname(process.execPath), '..');
  const searchPaths = [
    packageRoot,
    path.join(prefix, 'lib', 'node_modules', 'npm'),
    path.join(prefix, 'node_modules', 'npm'),
  ];
  for (const searchPath of searchPaths) {
    try {
      return require.resolve('node-gyp/bin/node-gyp.js', { paths: [searchPath] });
    } catch {
      // not here; try the next place
    }
  }
  throw new Error(`node-gyp not found (looked in $npm_config_node_gyp and ${searchPaths.join(', ')})`);
}

function runNodeGyp(command, gyp, nodedir) {
  const result = spawnSync(process.execPath, [gyp, command, `--nodedir=${nodedir}`], {
    cwd: packageRoot,
    stdio: 'inherit',
  });
  if (result.error) throw result.error;
  if (result.status !== 0) {
    throw new Error(`node-gyp ${command} failed with ${result.signal ?? `exit code ${result.status}`}`);
  }
}

// make tracks the sources; a changed binding.gyp needs a new Makefile.
function isConfigured() {
  const makefile = path.join(packageRoot, 'build', 'Makefile');
  if (!fs.existsSync(makefile)) return false;
  return fs.statSync(makefile).mtimeMs >= fs.statSync(path.join(packageRoot, 'binding.gyp')).mtimeMs;
}

function main() {
  const incremental = process.argv.includes('--incremental');
  const gyp = nodeGypScript();
  const nodedir = nodeDir();
  if (incremental && isConfigured()) runNodeGyp('build', gyp, nodedir);
  else runNodeGyp('rebuild', gyp, nodedir);
}

try {
  main();
} catch (error) {
  console.error(`@berth/sys: cannot build the native addon: ${error.message}`);
  process.exit(1);
}
