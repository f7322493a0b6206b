import { mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { task } from '@berth/api';
import {
  createLogger,
  FailedPreconditionError,
  KeyedMutex,
  ResourceExhaustedError,
  startServer,
  withFileLock,
} from '@berth/kit';
import { Runtime } from '@berth/runtime';
import { checkId } from './ids';
import { EventPublisher } from './events';
import { ExitMonitor } from './process/exit-monitor';
import { shimLayout, START_LOCK_WAIT_MS, startLockPath } from './shim-layout';
import { TaskStore } from './state/task-store';
import { TaskManager } from './task/task-manager';
import { taskService } from './task/task-service';
import { SHIM_VERSION } from './version';

export interface ServeOptions {
  key: string;
  run: string;
  runtimeRoot: string;
  logLevel?: string;
  /** Called once the socket answers (berth-shim start waits for it). */
  onReady?: () => void;
}

/**
 * Runs one shim until it is told to stop or its last container is deleted: subreaper and
 * reaper, task manager, and the Task API (with Health and reflection) on its socket.
 */
export async function serve(options: ServeOptions): Promise<void> {
  const layout = shimLayout(options.key, options.run);
  mkdirSync(layout.dir, { recursive: true, mode: 0o711 });
  mkdirSync(layout.claimsDir, { recursive: true, mode: 0o700 });
  const log = createLogger({
    component: 'shim',
    ...(options.logLevel ? { level: options.logLevel } : {}),
  }).child({
    shim: options.key,
  });
  const monitor = new ExitMonitor(log);
  monitor.start();
  const events = new EventPublisher();
  const runtime = new Runtime({ root: options.runtimeRoot, warn: (message) => log.warn(message) });
  // Shutdown without `now`: exit once the last task is gone, claims or not.
  let draining = false;
  // Set under the start lock once this shim has decided to exit: a Claim must not land on it.
  let exiting = false;
  const claims = (): string[] => readdirSync(layout.claimsDir);
  const idle = (): boolean => manager.size === 0 && (draining || claims().length === 0);
  const store = new TaskStore(layout.tasksDir);
  const manager = new TaskManager({
    runtime,
    store,
    events,
    monitor,
    workDir: layout.dir,
    log,
    onDeleted: (id) => {
      rmSync(path.join(layout.claimsDir, id), { force: true });
      if (idle()) stop(false);
    },
  });
  manager.restore(await Promise.all(store.ids().map((id) => store.load(id))));
  const server = await startServer({
    socketPath: layout.socket,
    component: 'shim',
    version: SHIM_VERSION,
    logger: log,
    shutdownGraceMs: 2000,
    services: [
      {
        definition: task.v1.TaskService,
        implementation: taskService({
          manager,
          events,
          version: SHIM_VERSION,
          claim,
          unclaim,
          shutdown: (now) => {
            draining = true;
            if (now || idle()) stop(now);
          },
        }),
      },
    ],
  });
  /**
   * The start lock (shared with `berth-shim start` processes), taken by one caller of this
   * shim at a time: the others queue here instead of polling the lock file, which made the
   * last of 50 claims at once wait over a second in 20 ms polls.
   */
  const inProcess = new KeyedMutex();
  const withStartLock = <T>(fn: () => Promise<T>): Promise<T> =>
    inProcess.run('start-lock', () =>
      withFileLock(startLockPath(options.run, options.key), fn, {
        timeoutMs: START_LOCK_WAIT_MS,
        pollMs: 20,
      }),
    );
  /**
   * Closes the server and, with no task left, removes the shim's directory. The decision is
   * taken under the lock `berth-shim start` takes, so a start either sees this shim still
   * serving and claims it (and the shim, re-checking, stays) or sees it gone and starts a new
   * one in a fresh directory. With no task left, the directory is moved aside under the lock
   * and the (graceful, up to shutdownGraceMs) close happens after it: holding the one start lock
   * through the close made every other container's start wait for it.
   */
  function stop(force: boolean): void {
    // After the answer to the call that asked for it has gone out.
    setImmediate(() => {
      let retired: string | undefined;
      withStartLock(async () => {
        if (!force && !idle()) return false;
        exiting = true;
        if (manager.size > 0) {
          // Exiting while owning tasks (shutdown now): they stay in this directory.
          events.close();
          await server.close();
          return false;
        }
        // A dot name: no shim key (listShimKeys, shared grouping) ever matches it.
        retired = path.join(path.dirname(layout.dir), `.exiting-${layout.key}-${process.pid}`);
        renameSync(layout.dir, retired);
        return true;
      })
        .then(async (closeNow) => {
          if (!closeNow) return;
          events.close();
          await server.close();
          rmSync(retired!, { recursive: true, force: true });
        })
        .catch((err: unknown) => log.error({ err }, 'stopping failed'));
    });
  }
  /**
   * Claim: what `berth-shim start` records, done by the live shim itself under the lock its exit
   * decision takes, so an engine reusing a known shim starts no process and a claim never lands
   * on a shim that is going away. Claims that arrive while others hold the lock go in together at
   * the next turn, under one acquisition (50 starts at once took it 50 times).
   */
  let pendingClaims: { id: string; maxPerShim: number; done: (err?: unknown) => void }[] = [];
  let claiming = false;
  function claim(id: string, maxPerShim: number): Promise<void> {
    checkId(id, 'id');
    return new Promise((resolve, reject) => {
      pendingClaims.push({ id, maxPerShim, done: (err) => (err === undefined ? resolve() : reject(err)) });
      if (!claiming) void drainClaims();
    });
  }

  async function drainClaims(): Promise<void> {
    claiming = true;
    while (pendingClaims.length > 0) {
      const batch = pendingClaims;
      pendingClaims = [];
      await withStartLock(async () => {
        const held = claims();
        for (const request of batch) {
          try {
            claimLocked(request.id, request.maxPerShim, held);
            request.done();
          } catch (err) {
            request.done(err);
          }
        }
      }).catch((err: unknown) => {
        // The lock itself failed: every claim of the batch not answered yet fails with it.
        for (const request of batch) request.done(err);
      });
    }
    claiming = false;
  }

  function claimLocked(id: string, maxPerShim: number, held: string[]): void {
    if (exiting || draining)
      throw new FailedPreconditionError(`shim ${options.key} is exiting`, { reason: 'SHIM_EXITING' });
    if (held.includes(id)) return;
    if (maxPerShim > 0 && held.length >= maxPerShim)
      throw new ResourceExhaustedError(`shim ${options.key} already holds ${held.length} containers`, {
        reason: 'SHIM_FULL',
        details: { maxPerShim },
      });
    writeFileSync(path.join(layout.claimsDir, id), '');
    held.push(id);
  }

  /** Releases the claim of a container whose Create never came; exits if that was the last. */
  function unclaim(id: string): void {
    checkId(id, 'id');
    if (manager.has(id)) return;
    rmSync(path.join(layout.claimsDir, id), { force: true });
    if (!exiting && idle()) stop(false);
  }

  writeFileSync(layout.pidFile, `${process.pid}\n`);
  log.info({ socket: layout.socket }, 'shim serving');
  options.onReady?.();
  await server.closed;
  monitor.stop();
  log.info('shim exiting');
}
