// The berth-shim executable (bundled to dist/berth-shim.js). The bundle does not sit where
// @berth/sys and @berth/runtime look for their native parts, so point them there first.
import * as path from 'node:path';

function packageDir(name: string): string {
  return path.dirname(require.resolve(`${name}/package.json`));
}

process.env.BERTH_SYS_ADDON ??= path.join(packageDir('@berth/sys'), 'build', 'Release', 'berth_sys.node');
process.env.BERTH_INIT_HELPER ??= path.join(packageDir('@berth/runtime'), 'build', 'berth-init');
process.env.BERTH_RUNTIME_ADDON ??= path.join(packageDir('@berth/runtime'), 'build', 'berth_runtime.node');

// Loaded after the environment is set: the addon path is read when @berth/sys loads.
const { main } = require('./main') as typeof import('./main');
void main(process.argv.slice(2)).then(() => {
  // serve has closed its server; containers are not children that keep us, leave now.
  process.exit();
});
