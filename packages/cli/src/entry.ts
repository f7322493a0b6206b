// The berth executable (bundled by scripts/bundle.js into dist/berth.js).
import { main } from './main';

main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
}).then((code) => {
  // An interactive session may leave stdin or a resize listener referenced; the command is over.
  process.exit(code);
});
