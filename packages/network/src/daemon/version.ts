/** Release of berth-network, reported by Health.Version and --version. */
export const NETWORK_VERSION = '0.1.0';
