/** The shim's release, reported by Health.Version and Task.Connect. */
export const SHIM_VERSION = '0.1.0';
