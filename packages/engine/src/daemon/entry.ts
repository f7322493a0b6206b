#!/usr/bin/env node
// The berthd executable.
import { main } from './main';

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`berthd: ${String(error)}\n`);
    process.exit(1);
  },
);
