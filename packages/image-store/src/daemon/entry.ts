#!/usr/bin/env node
// The berth-images executable.
import { main } from './main';

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`berth-images: ${String(error)}\n`);
    process.exit(1);
  },
);
