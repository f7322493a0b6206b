// The tests start real shims with `berth-shim start`, which runs dist/berth-shim.js: bundle it
// from the current sources first (esbuild, well under a second), so jest started directly tests
// what is on disk. The crash tests' stand-in engine (test/support/engine.js) is plain Node and
// loads @berth/api from dist/: build it (incremental). The runtime's helper and the sys addon
// are built by their packages' install scripts.
const { execFileSync } = require('node:child_process');
const path = require('node:path');

module.exports = function globalSetup() {
  const packageRoot = path.resolve(__dirname, '..');
  execFileSync(process.execPath, [path.join(packageRoot, 'scripts', 'bundle.js')], { stdio: 'inherit' });
  execFileSync(
    process.execPath,
    [require.resolve('typescript/bin/tsc'), '-b', path.join(packageRoot, '../api/tsconfig.lib.json')],
    {
      stdio: 'inherit',
    },
  );
};
