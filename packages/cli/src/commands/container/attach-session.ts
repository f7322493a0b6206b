import { engine as api } from '@berth/api';
import { EngineError } from '../../errors';
import type { Engine } from '../../engine/engine';
import { runSession, terminalSize, type SessionInput, type SessionResult } from '../../terminal/session';
import { parseDetachKeys } from '../../terminal/detach-keys';
import { proxySignals } from '../../terminal/signal-proxy';
import type { CommandContext } from '../command';

export const DEFAULT_DETACH_KEYS = 'ctrl-p,ctrl-q';

export interface AttachOptions {
  id: string;
  stdin: boolean;
  tty: boolean;
  detachKeys: string | undefined;
  /** Runs once attached (start the container); its failure ends the session. */
  onOpen?: () => Promise<void>;
  /** docker's --sig-proxy (default true): without a tty, forward our signals to the container. */
  sigProxy?: boolean;
}

/** Attaches to a container's init process (run, start -a, attach). */
export function attachToContainer(
  ctx: CommandContext,
  engine: Engine,
  options: AttachOptions,
): Promise<SessionResult> {
  const stream = engine.duplex('containers', 'attachContainer');
  stream.write({
    input: {
      $case: 'start',
      start: api.v1.AttachStart.fromPartial({
        id: options.id,
        stdin: options.stdin,
        stdout: true,
        stderr: true,
        detachKeys: options.detachKeys ?? DEFAULT_DETACH_KEYS,
        size: terminalSize(ctx.io),
      }),
    },
  });
  const stopProxy =
    (options.sigProxy ?? true) && !options.tty
      ? proxySignals((signal) => engine.call('containers', 'killContainer', { id: options.id, signal }))
      : () => undefined;
  return runSession(stream, (input: SessionInput) => ({ input }), {
    io: ctx.io,
    stdin: options.stdin,
    tty: options.tty,
    mapError: (err) => engine.mapError(err),
    onOpen: options.onOpen,
    detachKeys: parseDetachKeys(options.detachKeys ?? DEFAULT_DETACH_KEYS),
  }).finally(stopProxy);
}

/** Whether the container was created with a terminal, from its inspect document. */
export async function containerHasTty(engine: Engine, id: string): Promise<boolean> {
  const inspected = await engine.call('containers', 'inspectContainer', { id });
  const doc = JSON.parse(inspected.json) as { Config?: { Tty?: boolean } };
  return doc.Config?.Tty === true;
}

/**
 * For `berth attach`: whether the container has a terminal, refusing one that is not running
 * with docker's words. The engine itself attaches to a created or exited container, for `run`
 * and `start -a`, which attach before they start it.
 */
export async function attachableTarget(engine: Engine, id: string): Promise<{ tty: boolean }> {
  const inspected = await engine.call('containers', 'inspectContainer', { id });
  const doc = JSON.parse(inspected.json) as {
    Config?: { Tty?: boolean };
    State?: { Running?: boolean; Paused?: boolean; Restarting?: boolean };
  };
  const refuse = (message: string) => new EngineError(message, 'FAILED_PRECONDITION');
  if (doc.State?.Paused) throw refuse('You cannot attach to a paused container, unpause it first');
  if (doc.State?.Restarting)
    throw refuse('You cannot attach to a restarting container, wait until it is running');
  if (!doc.State?.Running) throw refuse('You cannot attach to a stopped container, start it first');
  return { tty: doc.Config?.Tty === true };
}
