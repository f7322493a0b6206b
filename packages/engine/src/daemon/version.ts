/** berthd's release version, reported by Version and Health. */
export const ENGINE_VERSION = '0.1.0';
