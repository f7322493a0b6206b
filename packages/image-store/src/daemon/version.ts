/** Release of berth-images, reported by Health.Version and --version. */
export const IMAGES_VERSION = '0.1.0';
