// The images `up` and `run` need from builds: with --build every selected service that has a
// build section is built; otherwise only those whose image is not in the engine yet (as
// docker compose does).
import type { Engine } from '../engine/engine';
import type { ComposeProject } from '../model/types';
import { serviceImage } from '../plan/names';
import { buildService, type BuildFlags } from './build-service';

export async function ensureBuilt(
  engine: Engine,
  project: ComposeProject,
  services: string[],
  options: { always: boolean; report: (text: string) => void },
): Promise<void> {
  const { model } = project;
  let buildable = services.filter((service) => model.services[service].build);
  if (!buildable.length) return;
  if (!options.always) {
    const tags = new Set((await engine.listImages()).flatMap((image) => image.repoTags));
    buildable = buildable.filter((service) => {
      const image = serviceImage(model.name, service, model.services[service]);
      return !tags.has(image) && !tags.has(`${image}:latest`);
    });
  }
  const flags: BuildFlags = { noCache: false, pull: false, quiet: false, args: {} };
  // One at a time: each build already runs its independent stages in parallel on the engine.
  for (const service of buildable) await buildService(engine, project, service, flags, options.report);
}
