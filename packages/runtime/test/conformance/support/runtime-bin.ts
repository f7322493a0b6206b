import * as path from 'node:path';

/** Env var naming the runtime binary under test; unset means our own CLI. */
export const RUNTIME_BIN_ENV = 'BERTH_RUNTIME_BIN';

export const RUNTIME_BIN =
  process.env[RUNTIME_BIN_ENV] || path.join(__dirname, '..', '..', '..', 'bin', 'berth-runtime');

/** True when the suite runs against our runtime (some checks are about our error wording). */
export const IS_BERTH =
  !process.env[RUNTIME_BIN_ENV] || /berth/.test(path.basename(process.env[RUNTIME_BIN_ENV] ?? ''));
