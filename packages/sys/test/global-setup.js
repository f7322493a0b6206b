// Tests also run library code in child Node processes, which load dist/: make sure dist/ and
// the addon are current even when jest is started directly instead of through nx (whose test
// target already depends on build).
const { execFileSync, spawnSync } = require('node:child_process');
const path = require('node:path');

module.exports = function globalSetup() {
  const packageRoot = path.resolve(__dirname, '..');
  // node-gyp reports progress on stderr: show it only when the build fails.
  const build = spawnSync(
    process.execPath,
    [path.join(packageRoot, 'scripts', 'build-addon.js'), '--incremental'],
    {
      cwd: packageRoot,
      encoding: 'utf8',
    },
  );
  if (build.status !== 0) throw new Error(`building the addon failed:\n${build.stdout}${build.stderr}`);
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-b', 'tsconfig.lib.json'], {
    cwd: packageRoot,
    stdio: 'inherit',
  });
};
