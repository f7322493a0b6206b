#!/usr/bin/env node
// The berth-images executable.
import { main } from './main';

// libuv's pool (4 threads unless set) runs the layers' gunzip, the content writes and their
// fsyncs; a blob's fsync can hold a thread for long, and with the default pool three layers'
// fsyncs left one thread to inflate them all. Read when the pool starts: before any async work.
process.env.UV_THREADPOOL_SIZE ??= '8';

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`berth-images: ${String(error)}\n`);
    process.exit(1);
  },
);
