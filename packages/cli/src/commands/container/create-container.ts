import type { engine as api } from '@berth/api';
import type { Engine } from '../../engine/engine';
import { createProgressRenderer } from '../../progress/renderer';
import type { CommandContext } from '../command';

/**
 * Calls CreateContainer, rendering pull progress (on stderr, as docker's run and create do)
 * while the engine fetches a missing image; the engine's first line is docker's "Unable to
 * find image '...' locally". Returns the new container; prints its warnings.
 */
export async function createContainer(
  ctx: CommandContext,
  engine: Engine,
  request: api.v1.CreateContainerRequest,
): Promise<api.v1.CreatedContainer> {
  let progress: ReturnType<typeof createProgressRenderer> | undefined;
  let created: api.v1.CreatedContainer | undefined;
  try {
    for await (const message of engine.stream('containers', 'createContainer', request)) {
      const result = message.result;
      if (result?.$case === 'progress') {
        progress ??= createProgressRenderer(ctx.io.stderr);
        progress.update(result.progress);
      } else if (result?.$case === 'created') {
        created = result.created;
      }
    }
  } finally {
    progress?.finish();
  }
  if (!created) throw new Error('the engine ended CreateContainer without a container');
  for (const warning of created.warnings) ctx.err(`WARNING: ${warning}\n`);
  return created;
}
