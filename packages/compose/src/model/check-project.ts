// Checks that need the merged model: every service has an image or a build, references to
// services, networks and volumes resolve, and fixed container names are not scaled.
import { ComposeFileError } from '../errors';
import type { ComposeModel } from './types';

export function checkModel(model: ComposeModel, shownAs: string): void {
  const fail = (path: string, problem: string) => new ComposeFileError(shownAs, path, problem);
  for (const [name, service] of Object.entries(model.services)) {
    const at = `services.${name}`;
    if (!service.image && !service.build) throw fail(at, 'has neither an image nor a build context');
    for (const dependency of Object.keys(service.depends_on ?? {})) {
      if (!model.services[dependency])
        throw fail(`${at}.depends_on`, `depends on undefined service "${dependency}"`);
      if (dependency === name) throw fail(`${at}.depends_on`, 'a service cannot depend on itself');
    }
    for (const network of Object.keys(service.networks ?? {})) {
      if (network !== 'default' && !model.networks[network])
        throw fail(`${at}.networks`, `undefined network "${network}"`);
    }
    (service.volumes ?? []).forEach((volume, i) => {
      if (volume.type === 'volume' && volume.source && !model.volumes[volume.source]) {
        throw fail(`${at}.volumes[${i}]`, `undefined volume "${volume.source}"`);
      }
    });
    if (service.container_name && replicasOf(service) > 1) {
      throw fail(
        `${at}.container_name`,
        `"${service.container_name}" cannot be used by ${replicasOf(service)} replicas`,
      );
    }
    if (service.healthcheck?.test?.[0] === 'NONE')
      service.healthcheck = { ...service.healthcheck, disable: true };
  }
}

/** How many containers the model asks for: deploy.replicas, else scale, else 1. */
export function replicasOf(service: { deploy?: { replicas?: number }; scale?: number }): number {
  return service.deploy?.replicas ?? service.scale ?? 1;
}
