// The berth-runtime process: run one command and exit with its code.
import { main } from './main';

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  () => process.exit(1),
);
