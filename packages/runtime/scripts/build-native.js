#!/usr/bin/env node
// Builds native/*.c into build/berth-init and native/addon/*.c into build/berth_runtime.node
// with the system C compiler (no network, no node-gyp: the addon uses only Node-API, whose
// header ships with Node). Runs from `npm install` and from the build target when an output is
// missing or stale.
/* global __filename */
'use strict';
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const pkg = path.join(__dirname, '..');
const cc = process.env.CC || 'cc';
const HARDENING = [
  '-std=gnu11',
  '-O2',
  '-Wall',
  '-Wextra',
  '-Werror',
  '-D_FORTIFY_SOURCE=2',
  '-fstack-protector-strong',
];

function cFiles(dir) {
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.c') || f.endsWith('.h'))
    .sort()
    .map((f) => path.join(dir, f));
}

function upToDate(out, inputs) {
  try {
    const built = fs.statSync(out).mtimeMs;
    return [...inputs, __filename].every((f) => fs.statSync(f).mtimeMs <= built);
  } catch {
    return false;
  }
}

function build(what, out, inputs, flags) {
  if (process.argv.includes('--if-stale') && upToDate(out, inputs)) return;
  fs.mkdirSync(path.dirname(out), { recursive: true });
  const tmp = `${out}.${process.pid}.tmp`;
  try {
    const sources = inputs.filter((f) => f.endsWith('.c'));
    execFileSync(cc, [...HARDENING, ...flags, '-o', tmp, ...sources], { stdio: 'inherit' });
    fs.renameSync(tmp, out);
  } catch (error) {
    fs.rmSync(tmp, { force: true });
    console.error(`berth-runtime: building ${what} with ${cc} failed: ${error.message}`);
    process.exit(1);
  }
}

build('the init helper', path.join(pkg, 'build', 'berth-init'), cFiles(path.join(pkg, 'native')), [
  '-fPIE',
  '-pie',
  '-Wl,-z,relro,-z,now',
]);

// Node's headers live under its install prefix (/usr/include/node for /usr/bin/node).
const nodeInclude = path.join(path.dirname(path.dirname(process.execPath)), 'include', 'node');
if (!fs.existsSync(path.join(nodeInclude, 'node_api.h'))) {
  console.error(`berth-runtime: Node-API headers not found in ${nodeInclude} (install Node's headers)`);
  process.exit(1);
}
build(
  'the runtime addon',
  path.join(pkg, 'build', 'berth_runtime.node'),
  cFiles(path.join(pkg, 'native', 'addon')),
  ['-fPIC', '-shared', '-fvisibility=hidden', '-Wl,-z,relro,-z,now', `-I${nodeInclude}`],
);
