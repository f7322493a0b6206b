// Docker's entrypoint/cmd rules.
import { InvalidOptionError } from '../errors';

export interface CommandRequest {
  cmd: string[];
  entrypoint: string[];
  /** Whether entrypoint replaces the image's; `--entrypoint ""` sets it with an empty list. */
  entrypointSet: boolean;
}

export interface ImageCommand {
  Entrypoint?: string[];
  Cmd?: string[];
}

/**
 * argv = entrypoint + cmd, where entrypoint is the container's if set, else the image's; cmd is
 * the container's if given, else the image's — unless the entrypoint was overridden, which
 * drops the image's Cmd (docker does this so `--entrypoint sh` does not inherit stray args).
 */
export function resolveCommand(request: CommandRequest, image: ImageCommand): string[] {
  const entrypoint = request.entrypointSet ? request.entrypoint : (image.Entrypoint ?? []);
  const cmd = request.cmd.length > 0 ? request.cmd : request.entrypointSet ? [] : (image.Cmd ?? []);
  const argv = [...entrypoint, ...cmd];
  if (argv.length === 0)
    throw new InvalidOptionError('cmd', 'no command specified: the image has none and none was given');
  return argv;
}
