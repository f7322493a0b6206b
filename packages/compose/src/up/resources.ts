// The networks and volumes a project needs: created when missing, labelled with the project so
// `down` finds them; external ones must already exist.
import type { Engine } from '../engine/engine';
import { ComposeError } from '../errors';
import type { ComposeModel } from '../model/types';
import { LABEL_NETWORK, LABEL_PROJECT, LABEL_VERSION, LABEL_VOLUME, COMPOSE_VERSION } from '../plan/labels';
import { DEFAULT_NETWORK, networkName, serviceNetworkKeys, volumeName } from '../plan/names';
import { statusLine } from '../output/status';

/** Network keys the given services join, in first-use order. */
export function usedNetworkKeys(model: ComposeModel, services: string[]): string[] {
  return [...new Set(services.flatMap((service) => serviceNetworkKeys(model.services[service])))];
}

/** Volume keys the given services mount. */
export function usedVolumeKeys(model: ComposeModel, services: string[]): string[] {
  const keys = services.flatMap((service) =>
    (model.services[service].volumes ?? []).flatMap((volume) =>
      volume.type === 'volume' && volume.source ? [volume.source] : [],
    ),
  );
  return [...new Set(keys)];
}

export async function ensureNetworks(
  engine: Engine,
  model: ComposeModel,
  keys: string[],
  report: (line: string) => void,
): Promise<void> {
  const existing = new Set((await engine.listNetworks([])).map((network) => network.name));
  for (const key of keys) {
    const config = key === DEFAULT_NETWORK ? (model.networks[key] ?? {}) : model.networks[key];
    const name = networkName(model.name, key, config);
    if (existing.has(name)) continue;
    if (config.external)
      throw new ComposeError(
        'ExternalResourceMissing',
        `network ${name} declared as external, but could not be found`,
      );
    const ipam = config.ipam?.config?.[0];
    await engine.createNetwork({
      name,
      driver: config.driver ?? 'bridge',
      internal: config.internal ?? false,
      subnet: ipam?.subnet ?? '',
      gateway: ipam?.gateway ?? '',
      ipRange: ipam?.ip_range ?? '',
      options: config.driver_opts ?? {},
      labels: {
        ...config.labels,
        [LABEL_PROJECT]: model.name,
        [LABEL_NETWORK]: key,
        [LABEL_VERSION]: COMPOSE_VERSION,
      },
    });
    report(statusLine('Network', name, 'Created'));
  }
}

export async function ensureVolumes(
  engine: Engine,
  model: ComposeModel,
  keys: string[],
  report: (line: string) => void,
): Promise<void> {
  const existing = new Set((await engine.listVolumes([])).map((volume) => volume.name));
  for (const key of keys) {
    const config = model.volumes[key] ?? {};
    const name = volumeName(model.name, key, config);
    if (existing.has(name)) continue;
    if (config.external)
      throw new ComposeError('ExternalResourceMissing', `external volume "${name}" not found`);
    await engine.createVolume({
      name,
      driver: config.driver ?? 'local',
      driverOpts: config.driver_opts ?? {},
      labels: {
        ...config.labels,
        [LABEL_PROJECT]: model.name,
        [LABEL_VOLUME]: key,
        [LABEL_VERSION]: COMPOSE_VERSION,
      },
    });
    report(statusLine('Volume', name, 'Created'));
  }
}
