// Builds a service's image through the engine's Build call, as docker compose does: the
// context directory (with its .dockerignore) sent as a tar, the Dockerfile read here (it may
// lie outside the context), the image tagged as the service's image (`image`, else
// `<project>-<service>`).
import { readFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { engine as api } from '@berth/api';
import type { Engine } from '../engine/engine';
import { ComposeError } from '../errors';
import type { ComposeProject } from '../model/types';
import { serviceImage } from '../plan/names';
import { statusLine } from '../output/status';

export interface BuildFlags {
  noCache: boolean;
  pull: boolean;
  quiet: boolean;
  /** --build-arg values, over the file's `build.args`. */
  args: Record<string, string>;
}

export async function buildService(
  engine: Engine,
  project: ComposeProject,
  service: string,
  flags: BuildFlags,
  report: (text: string) => void,
): Promise<api.v1.BuildResult> {
  const config = project.model.services[service];
  const build = config.build;
  if (!build) throw new ComposeError('InvalidComposeFile', `service "${service}" has no build section`);
  const dockerfileName = build.dockerfile ?? 'Dockerfile';
  const dockerfilePath = isAbsolute(dockerfileName) ? dockerfileName : join(build.context, dockerfileName);
  let dockerfile: string;
  try {
    dockerfile = await readFile(dockerfilePath, 'utf8');
  } catch (err) {
    throw new ComposeError(
      'InvalidComposeFile',
      `service "${service}": cannot read its Dockerfile ${dockerfilePath}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
    );
  }
  const tag = serviceImage(project.model.name, service, config);
  const options = api.v1.BuildOptions.fromPartial({
    dockerfile,
    dockerfileName,
    tags: [tag],
    buildArgs: { ...build.args, ...flags.args },
    target: build.target ?? '',
    noCache: flags.noCache,
    pull: flags.pull,
  });
  // Loaded only when something is built: every other command starts without the builder.
  const { loadDockerignore, packContext } = await import('@berth/builder');
  const context = packContext(build.context, await loadDockerignore(build.context));
  const result = await engine.build(`build ${service}`, options, context, (event) => {
    if (flags.quiet) return;
    if (event.$case === 'step')
      report(`${service} ${event.step.step} ${event.step.text}${event.step.cached ? ' CACHED' : ''}\n`);
    else if (event.$case === 'output') report(Buffer.from(event.output.data).toString());
    else if (event.$case === 'warning') report(`${service} WARNING: ${event.warning}\n`);
  });
  if (!flags.quiet) report(statusLine('Image', tag, 'Built'));
  return result;
}
