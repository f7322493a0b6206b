// Names of the engine objects a project owns, as docker compose v2 spells them.
import type { NetworkConfig, ServiceConfig, VolumeConfig } from '../model/types';

export const DEFAULT_NETWORK = 'default';

export function containerName(
  project: string,
  service: string,
  number: number,
  config?: ServiceConfig,
): string {
  return config?.container_name ?? `${project}-${service}-${number}`;
}

/** A one-off (`run`) container: `<project>-<service>-run-<random>`. */
export function oneOffContainerName(project: string, service: string, suffix: string): string {
  return `${project}-${service}-run-${suffix}`;
}

export function networkName(project: string, key: string, config: NetworkConfig | undefined): string {
  return config?.name ?? (config?.external ? key : `${project}_${key}`);
}

export function volumeName(project: string, key: string, config: VolumeConfig | undefined): string {
  return config?.name ?? (config?.external ? key : `${project}_${key}`);
}

/** The image a service runs: its `image`, or `<project>-<service>` for a build without one. */
export function serviceImage(project: string, service: string, config: ServiceConfig): string {
  return config.image ?? `${project}-${service}`;
}

/** The networks a service joins: those it lists, else the project's default network. */
export function serviceNetworkKeys(config: ServiceConfig): string[] {
  // network_mode (none, host, container:...) takes the place of the project's networks.
  if (config.network_mode !== undefined) return [];
  const keys = Object.keys(config.networks ?? {});
  return keys.length ? keys : [DEFAULT_NETWORK];
}
