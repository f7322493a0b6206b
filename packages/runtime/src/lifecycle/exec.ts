import * as path from 'node:path';
import type { Process } from '../oci';
import { InvalidStateError } from '../errors';
import { detectCgroupLayout, primeCgroupMigration, tryLoadContainerCgroups } from '../cgroups-adapter';
import type { HelperSession, StdioTarget } from '../helper/helper-session';
import { startHelper } from '../helper/start-helper';
import { buildExecPlan } from '../plan/exec-plan';
import { containerStatus, ociState } from '../state/status';
import type { RuntimeContext } from './context';
import { writePidFile } from './create';
import { seccompProcessState } from './seccomp-listener';

export interface ExecOptions {
  consoleSocket?: string;
  pidFile?: string;
  preserveFds?: number;
  stdio?: [StdioTarget, StdioTarget, StdioTarget];
  /** Report the process's exit code through `exited` (runc exec without -d). */
  wait?: boolean;
}

export interface ExecProcess {
  pid: number;
  exited?: Promise<number>;
  session: HelperSession;
}

/** `exec`: a new process in the running container's namespaces and cgroups. */
export async function execInContainer(
  ctx: RuntimeContext,
  id: string,
  proc: Process,
  options: ExecOptions,
): Promise<ExecProcess> {
  const { store } = ctx;
  return store.locked(id, async () => {
    const record = store.load(id);
    const status = containerStatus(record, store.fifoPath(id));
    if (status === 'stopped') throw new InvalidStateError('cannot exec in a stopped container');
    if (status === 'paused') throw new InvalidStateError('cannot exec in a paused container');
    const cgroups = tryLoadContainerCgroups(record.cgroupPaths);
    const primed = cgroups ? primeCgroupMigration(detectCgroupLayout()) : undefined;
    const plan = buildExecPlan(record.config, record.pid, proc, {
      consoleSocket: options.consoleSocket && path.resolve(options.consoleSocket),
      preserveFds: options.preserveFds,
      wait: options.wait,
    });
    const session = startHelper({ plan, stdio: options.stdio, preserveFds: options.preserveFds });
    let pid = 0;
    try {
      pid = Number(await session.expect('pid'));
      await cgroups?.applyAsync(pid);
      await primed;
      // No host hooks run for exec: init gets the state with the go-ahead, no round trip.
      session.send('G');
      session.send('H', JSON.stringify(ociState(record, status)));
      await session.expect('hooks');
      const seccomp = record.config.linux?.seccomp;
      if (seccomp?.listenerPath) session.send('L', JSON.stringify(seccompProcessState(record, seccomp, pid)));
      await session.expect('created');
    } catch (error) {
      session.kill();
      if (pid > 0) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
      throw error;
    }
    if (options.pidFile) writePidFile(options.pidFile, pid);
    if (!options.wait) {
      session.close();
      return { pid, session };
    }
    const exited = session.expect('exit').then((code) => {
      session.close();
      return Number(code);
    });
    return { pid, session, exited };
  });
}
