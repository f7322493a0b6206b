// The berth executable (bundled by scripts/bundle.js into dist/berth.js).
import { main } from './main';

// A reader that went away (`berth logs web | head`) ends the output, as SIGPIPE ends docker's:
// quietly, not with an unhandled 'error' event and its stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    throw err;
  });
}

main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
}).then((code) => {
  // An interactive session may leave stdin or a resize listener referenced; the command is over.
  process.exit(code);
});
