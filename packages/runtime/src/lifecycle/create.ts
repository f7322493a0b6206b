import { writeFileSync, renameSync } from 'node:fs';
import * as path from 'node:path';
import { loadBundle } from '../bundle/load-bundle';
import {
  createContainerCgroups,
  detectCgroupLayout,
  layoutBeingPrimed,
  primeCgroupMigration,
  type CgroupLayout,
  type ContainerCgroups,
} from '../cgroups-adapter';
import type { HelperSession, StdioTarget } from '../helper/helper-session';
import { startHelper } from '../helper/start-helper';
import { runHostHooks } from '../hooks/host-hooks';
import { buildCreatePlan } from '../plan/create-plan';
import { resourcesWithDeviceRules } from '../plan/device-rules';
import type { ContainerRecord } from '../state/container-record';
import { readProcStat } from '../state/process-info';
import { ociState } from '../state/status';
import type { RuntimeContext } from './context';
import { waitGone } from './wait-gone';
import { seccompProcessState } from './seccomp-listener';

export interface CreateOptions {
  bundle: string;
  consoleSocket?: string;
  pidFile?: string;
  noPivot?: boolean;
  noNewKeyring?: boolean;
  preserveFds?: number;
  stdio?: [StdioTarget, StdioTarget, StdioTarget];
  /** Keep a waiter for the init's exit status (see CreatedContainer.exited). */
  wait?: boolean;
}

export interface CreatedContainer {
  id: string;
  pid: number;
  /** With `wait`: the init process's exit code (128 + signal when killed). */
  exited?: Promise<number>;
  /** The helper session, for callers that asked for piped stdio. */
  session: HelperSession;
}

/** `create`: everything up to the exec fifo; returns once the container is "created". */
export async function createContainer(
  ctx: RuntimeContext,
  id: string,
  options: CreateOptions,
): Promise<CreatedContainer> {
  // Once: the plan's cgroup mounts and the container's cgroups both need it (the CLI's early
  // prime detected it a moment ago).
  const layout = layoutBeingPrimed() ?? detectCgroupLayout();
  const primed = primeCgroupMigration(layout);
  // Started first: its exec and sealed re-exec run while the bundle is read and the plan built.
  const session = startHelper({ stdio: options.stdio, preserveFds: options.preserveFds });
  try {
    return await createWith(ctx, id, options, layout, primed, session);
  } catch (error) {
    session.kill();
    throw error;
  }
}

async function createWith(
  ctx: RuntimeContext,
  id: string,
  options: CreateOptions,
  layout: CgroupLayout,
  primed: Promise<void>,
  session: HelperSession,
): Promise<CreatedContainer> {
  const { store } = ctx;
  const bundle = loadBundle(options.bundle);
  const { spec } = bundle;
  const plan = buildCreatePlan(spec, {
    bundle: bundle.dir,
    rootfs: bundle.rootfs,
    fifoPath: store.fifoPath(id),
    consoleSocket: options.consoleSocket && path.resolve(options.consoleSocket),
    noPivot: options.noPivot,
    noNewKeyring: options.noNewKeyring,
    preserveFds: options.preserveFds,
    wait: options.wait,
    cgroupLayout: () => layout,
  });
  return store.locked(id, async () => {
    store.reserve(id);
    let cgroups: ContainerCgroups | undefined;
    let pid = 0;
    try {
      const made = createContainerCgroups({
        id,
        cgroupsPath: spec.linux?.cgroupsPath,
        resources: spec.linux?.resources,
        systemd: ctx.systemdCgroup,
        layout,
      });
      cgroups = made;
      session.sendPlan(plan);
      // While the helper reads the plan and clones init.
      made.create();
      pid = Number(await session.expect('pid'));
      await made.applyAsync(pid, () => made.set(resourcesWithDeviceRules(spec)));
      await primed;
      const record: ContainerRecord = {
        id,
        bundle: bundle.dir,
        rootfs: bundle.rootfs,
        pid,
        initStartTime: readProcStat(pid)?.startTime ?? '',
        created: new Date().toISOString(),
        owner: '',
        config: spec,
        cgroupPaths: cgroups?.paths() ?? {},
        systemdCgroup: ctx.systemdCgroup,
        ...(spec.annotations ? { annotations: spec.annotations } : {}),
      };
      // runc and crun hand prestart/createRuntime hooks the state as "created" (runtime-tools checks it).
      const creating = JSON.stringify(ociState(record, 'created'));
      session.send('G');
      // Host hooks run once init's mounts are done ("hooks"), and init waits for them; without any,
      // init gets the state at once and never waits on a round trip.
      const hostHooks = Boolean(spec.hooks?.prestart?.length || spec.hooks?.createRuntime?.length);
      if (!hostHooks) session.send('H', creating);
      await session.expect('hooks');
      if (hostHooks) {
        await runHostHooks('prestart', spec.hooks?.prestart, creating);
        await runHostHooks('createRuntime', spec.hooks?.createRuntime, creating);
        session.send('H', creating);
      }
      if (spec.linux?.seccomp?.listenerPath)
        session.send('L', JSON.stringify(seccompProcessState(record, spec.linux.seccomp)));
      await session.expect('created');
      store.save(record);
      if (options.pidFile) writePidFile(options.pidFile, pid);
      const exited = options.wait ? waitExit(session) : undefined;
      if (!options.wait) session.close();
      return { id, pid, session, ...(exited ? { exited } : {}) };
    } catch (error) {
      session.kill();
      if (pid > 0) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // already gone
        }
        await waitGone(pid);
      }
      try {
        cgroups?.destroy();
      } catch (cleanup) {
        ctx.warn(`cleanup of cgroups for ${id}: ${(cleanup as Error).message}`);
      }
      store.remove(id);
      throw error;
    }
  });
}

async function waitExit(session: HelperSession): Promise<number> {
  const code = await session.expect('exit');
  session.close();
  return Number(code);
}

/** runc writes the pid file atomically so a reader never sees it empty. */
export function writePidFile(file: string, pid: number): void {
  const abs = path.resolve(file);
  const tmp = path.join(path.dirname(abs), `.${path.basename(abs)}.${process.pid}`);
  writeFileSync(tmp, String(pid), { mode: 0o644 });
  renameSync(tmp, abs);
}
