import type { RuntimeContext } from './context';
import { createContainer, type CreateOptions } from './create';
import { deleteContainer } from './delete';
import { startContainer } from './start';

export interface RunOptions extends Omit<CreateOptions, 'wait'> {
  detach?: boolean;
  /** Keep the stopped container instead of deleting it (runc run --keep). */
  keep?: boolean;
  /** Called with init's pid once created (the CLI forwards signals to it). */
  onCreated?: (pid: number) => void;
}

/** `run`: create + start, then (unless detached) wait and delete; returns the exit code. */
export async function runContainer(ctx: RuntimeContext, id: string, options: RunOptions): Promise<number> {
  const created = await createContainer(ctx, id, { ...options, wait: !options.detach });
  options.onCreated?.(created.pid);
  try {
    await startContainer(ctx, id);
  } catch (error) {
    await deleteContainer(ctx, id, true).catch(() => undefined);
    throw error;
  }
  if (options.detach || !created.exited) return 0;
  const code = await created.exited;
  if (!options.keep) await deleteContainer(ctx, id, true);
  return code;
}
