#!/usr/bin/env node
// Builds native/*.c into build/berth-init with the system C compiler (no network, no node-gyp).
// Runs from `npm install` and from the build target when the binary is missing or stale.
/* global __filename */
'use strict';
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const pkg = path.join(__dirname, '..');
const nativeDir = path.join(pkg, 'native');
const out = path.join(pkg, 'build', 'berth-init');
const sources = fs
  .readdirSync(nativeDir)
  .filter((f) => f.endsWith('.c'))
  .sort();
const inputs = fs.readdirSync(nativeDir).map((f) => path.join(nativeDir, f));

function upToDate() {
  try {
    const built = fs.statSync(out).mtimeMs;
    return inputs.every((f) => fs.statSync(f).mtimeMs <= built) && fs.statSync(__filename).mtimeMs <= built;
  } catch {
    return false;
  }
}

if (process.argv.includes('--if-stale') && upToDate()) process.exit(0);
fs.mkdirSync(path.dirname(out), { recursive: true });
const cc = process.env.CC || 'cc';
const flags = [
  '-std=gnu11',
  '-O2',
  '-Wall',
  '-Wextra',
  '-Werror',
  '-D_FORTIFY_SOURCE=2',
  '-fstack-protector-strong',
  '-fPIE',
  '-pie',
  '-Wl,-z,relro,-z,now',
];
const tmp = `${out}.${process.pid}.tmp`;
try {
  execFileSync(cc, [...flags, '-o', tmp, ...sources], { cwd: nativeDir, stdio: 'inherit' });
  fs.renameSync(tmp, out);
} catch (error) {
  fs.rmSync(tmp, { force: true });
  console.error(`berth-runtime: building the init helper with ${cc} failed: ${error.message}`);
  process.exit(1);
}
