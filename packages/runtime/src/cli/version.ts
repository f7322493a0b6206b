/** runc's three-line --version form; the build may define BERTH_COMMIT (esbuild --define). */
declare const BERTH_COMMIT: string | undefined;

const commit = typeof BERTH_COMMIT === 'string' ? BERTH_COMMIT : 'unknown';

export const RUNTIME_VERSION = '0.1.0';
export const SPEC_VERSION = '1.2.0';

export const VERSION_TEXT = `berth-runtime version ${RUNTIME_VERSION}\ncommit: ${commit}\nspec: ${SPEC_VERSION}\n`;
