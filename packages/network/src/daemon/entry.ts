#!/usr/bin/env node
// The berth-network executable (bundled by scripts/bundle.js into dist/berth-network.js).
import { main } from './main';

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`berth-network: ${String(error)}\n`);
    process.exit(1);
  },
);
