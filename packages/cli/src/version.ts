/** This CLI's release; the engine reports its own in `berth version`. */
export const CLI_VERSION = '0.1.0';
