// Lets a plain `node` child process (`node -r ./ts-register.js child.ts`) run kit's TypeScript
// sources, compiled by the SWC the jest preset uses, with @berth/<pkg> resolved to the sibling
// package's src/ as in jest: lifetime tests (signals, crashes) exercise src/, never a stale dist/.
const Module = require('node:module');
const path = require('node:path');
const { readFileSync } = require('node:fs');
const { transformSync } = require('@swc/core');

const packagesDir = path.resolve(__dirname, '../../..');
const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  const match = /^@berth\/([a-z-]+)$/.exec(request);
  const target = match ? path.join(packagesDir, match[1], 'src', 'index.ts') : request;
  return resolveFilename.call(this, target, ...rest);
};

require.extensions['.ts'] = (module, filename) => {
  const { code } = transformSync(readFileSync(filename, 'utf8'), {
    filename,
    jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
    module: { type: 'commonjs' },
  });
  module._compile(code, filename);
};
