#!/usr/bin/env node
// `berth compose` as its own process, for the benchmark: the same entry the `berth` CLI loads.
'use strict';
const { runCompose } = require('@berth/compose');

runCompose(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
}).then((code) => {
  process.exitCode = code;
});
