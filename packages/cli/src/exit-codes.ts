// Exit codes as docker's CLI uses them: 125 when berth or the engine failed, 126/127 when the
// container's command could not be run, otherwise the container's own code.
export const EXIT_OK = 0;
/** The command ran but reported a failure of its own (e.g. one of several rm targets failed). */
export const EXIT_FAILURE = 1;
/** Bad flags, or the engine refused or failed the request. */
export const EXIT_ENGINE_ERROR = 125;
/** The container's command exists but cannot be executed (permission denied). */
export const EXIT_CANNOT_INVOKE = 126;
/** The container's command was not found. */
export const EXIT_NOT_FOUND = 127;
