import { engine as api } from '@berth/api';
import type { Engine } from '../../engine/engine';
import { EngineError } from '../../errors';
import type { SessionResult } from '../../terminal/session';
import type { CommandContext } from '../command';
import { attachToContainer, type AttachOptions } from './attach-session';

const STDERR = api.v1.OutputStream.OUTPUT_STREAM_STDERR;

/** The engine's answer to attaching to a container that is not running (yet, or any more). */
function isNotRunning(err: unknown): boolean {
  return (
    err instanceof EngineError && err.status === 'FAILED_PRECONDITION' && /not running/i.test(err.message)
  );
}

/**
 * Starts a container with its stdio attached, as `run` and `start -a` do. docker attaches
 * before starting so no output is lost, and berth does too; an engine that refuses to attach to
 * a container before it runs gets it started first and attached again, and when it already
 * exited by then, its log (which holds everything it wrote) is printed instead. The exit code
 * comes from the session, or from a wait registered before the start (so it is known even when
 * --rm removes the container).
 */
export async function startAttached(
  ctx: CommandContext,
  engine: Engine,
  options: Omit<AttachOptions, 'onOpen'>,
): Promise<SessionResult> {
  const { id } = options;
  const exited = engine.call('containers', 'waitContainer', {
    id,
    condition: api.v1.WaitCondition.WAIT_CONDITION_NEXT_EXIT,
  });
  exited.catch(() => undefined); // consulted only when the session does not carry the code
  let started: Promise<unknown> | undefined;
  const start = () => (started ??= engine.call('containers', 'startContainer', { id }));
  const complete = async (result: SessionResult): Promise<SessionResult> =>
    result.detached || result.exitCode !== undefined
      ? result
      : { detached: false, exitCode: (await exited).statusCode };

  try {
    return await complete(
      await attachToContainer(ctx, engine, {
        ...options,
        onOpen: async () => {
          await start();
        },
      }),
    );
  } catch (err) {
    if (!isNotRunning(err)) throw err;
  }
  await start();
  try {
    return await complete(await attachToContainer(ctx, engine, options));
  } catch (err) {
    if (!isNotRunning(err)) throw err;
  }
  for await (const line of engine.stream('containers', 'containerLogs', {
    id,
    follow: false,
    tail: undefined,
    since: undefined,
    until: undefined,
    stdout: true,
    stderr: true,
  })) {
    (line.stream === STDERR && !options.tty ? ctx.io.stderr : ctx.io.stdout).write(line.data);
  }
  return { detached: false, exitCode: (await exited).statusCode };
}
