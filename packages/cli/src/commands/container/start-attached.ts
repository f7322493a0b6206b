import { engine as api } from '@berth/api';
import type { Engine } from '../../engine/engine';
import { EngineError } from '../../errors';
import { enterRawMode, type SessionResult } from '../../terminal/session';
import { proxySignals } from '../../terminal/signal-proxy';
import type { CommandContext } from '../command';
import { attachToContainer, type AttachOptions } from './attach-session';

const STDERR = api.v1.OutputStream.OUTPUT_STREAM_STDERR;
const RUNNING_STATES = new Set([
  api.v1.ContainerState.CONTAINER_STATE_RUNNING,
  api.v1.ContainerState.CONTAINER_STATE_PAUSED,
]);

/** The engine's answer to attaching to a container that is not running (yet, or any more). */
function isNotRunning(err: unknown): boolean {
  return (
    err instanceof EngineError && err.status === 'FAILED_PRECONDITION' && /not running/i.test(err.message)
  );
}

/** The container's state, or undefined once it is gone (--rm). */
async function stateOf(engine: Engine, id: string): Promise<api.v1.ContainerState | undefined> {
  try {
    return (await engine.call('containers', 'inspectContainer', { id })).state;
  } catch (err) {
    if (err instanceof EngineError && err.status === 'NOT_FOUND') return undefined;
    throw err;
  }
}

/**
 * Starts a container with its stdio attached, as `run` and `start -a` do. docker attaches
 * before starting so no output is lost, and berth does too. An engine that refuses to attach
 * before the start gets the container started first; then berth follows its log (which holds
 * everything the process writes, from its first byte) when there is no stdin to forward, or
 * attaches again when there is. The exit code comes from the session, or from a wait
 * registered before the start (so it is known even when --rm removes the container). With
 * `autoRemove` (run --rm) that wait is for the removal, and berth returns only once the
 * container is gone, as docker does: a next command may reuse its name.
 */
export async function startAttached(
  ctx: CommandContext,
  engine: Engine,
  options: Omit<AttachOptions, 'onOpen'> & { autoRemove?: boolean },
): Promise<SessionResult> {
  const { id, autoRemove = false, ...attachOptions } = options;
  const exited = engine.call('containers', 'waitContainer', {
    id,
    condition: autoRemove
      ? api.v1.WaitCondition.WAIT_CONDITION_REMOVED
      : api.v1.WaitCondition.WAIT_CONDITION_NEXT_EXIT,
  });
  exited.catch(() => undefined); // consulted only when the session does not carry the code
  const exitCode = async (): Promise<SessionResult> => ({
    detached: false,
    exitCode: (await exited).statusCode,
  });
  const complete = async (result: SessionResult): Promise<SessionResult> => {
    if (result.detached) return result;
    if (result.exitCode === undefined) return exitCode();
    if (autoRemove) await removed(ctx, exited);
    return result;
  };
  const stopProxy =
    (options.sigProxy ?? true) && !options.tty
      ? proxySignals((signal) => engine.call('containers', 'killContainer', { id, signal }))
      : () => undefined;
  const attach = (onOpen?: () => Promise<void>) =>
    attachToContainer(ctx, engine, { id, ...attachOptions, sigProxy: false, onOpen });

  // Raw for the whole run, not per attach attempt: keys typed while the container starts
  // (including the detach keys) must not be cooked by the terminal in between.
  const restoreTerminal = enterRawMode(ctx.io, options.tty, options.stdin);
  let started: Promise<unknown> | undefined;
  const start = async () => {
    await (started ??= engine.call('containers', 'startContainer', { id }));
  };
  try {
    try {
      return await complete(await attach(start));
    } catch (err) {
      if (!isNotRunning(err)) throw err;
    }
    await start();
    if (options.stdin) {
      try {
        return await complete(await attach());
      } catch (err) {
        // However the engine words a process that ended meanwhile, what counts is its state.
        const state = await stateOf(engine, id);
        if (state !== undefined && RUNNING_STATES.has(state)) throw err;
      }
    }
    await followLog(ctx, engine, id, options.tty);
    return await exitCode();
  } finally {
    restoreTerminal();
    stopProxy();
  }
}

/** Waits for --rm's removal; one that failed is reported, the container's exit code stays. */
async function removed(ctx: CommandContext, wait: Promise<unknown>): Promise<void> {
  try {
    await wait;
  } catch (err) {
    if (!(err instanceof EngineError && err.status === 'NOT_FOUND'))
      ctx.err(`berth: removing the container failed: ${(err as Error).message}\n`);
  }
}

/** Prints the container's log from the start until it stops; nothing when --rm already took it. */
async function followLog(ctx: CommandContext, engine: Engine, id: string, tty: boolean): Promise<void> {
  try {
    const lines = engine.stream('containers', 'containerLogs', {
      id,
      follow: true,
      tail: undefined,
      since: undefined,
      until: undefined,
      stdout: true,
      stderr: true,
    });
    for await (const line of lines)
      (line.stream === STDERR && !tty ? ctx.io.stderr : ctx.io.stdout).write(line.data);
  } catch (err) {
    if (!(err instanceof EngineError && err.status === 'NOT_FOUND')) throw err;
  }
}
