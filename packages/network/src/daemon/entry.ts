#!/usr/bin/env node
// The berth-network executable (bundled by scripts/bundle.js into dist/berth-network.js).
import * as path from 'node:path';
import { main } from './main';

// The bundle does not sit where @berth/sys looks for its addon (it reads this at its first call).
process.env.BERTH_SYS_ADDON ??= path.join(
  path.dirname(require.resolve('@berth/sys/package.json')),
  'build',
  'Release',
  'berth_sys.node',
);

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`berth-network: ${String(error)}\n`);
    process.exit(1);
  },
);
