import { existsSync, readdirSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { FailedPreconditionError, isProcessAlive, probeUnixSocket } from '@berth/kit';
import { Runtime } from '@berth/runtime';
import { TaskNotFoundError } from '../errors';
import { listShimKeys } from '../grouping';
import { checkId } from '../ids';
import { UNKNOWN_EXIT_STATUS, type ProcessExit } from '../process/exit';
import { shimLayout } from '../shim-layout';
import { TaskStore } from '../state/task-store';
import { unmountRootfs } from '../task/rootfs';

export interface DeleteOptions {
  id: string;
  run: string;
  runtimeRoot: string;
}

export interface DeleteResult {
  id: string;
  pid: number;
  exitStatus: number;
  exitedAt: string;
}

/**
 * `berth-shim delete`: cleans up a container whose shim died, from the shim's state on disk:
 * kills what is left of it, deletes the runtime's state and cgroups, unmounts the rootfs and
 * forgets it. The exit status is the recorded one, or 255 (unknown) if the shim died first.
 */
export async function deleteOrphanedTask(options: DeleteOptions): Promise<DeleteResult> {
  checkId(options.id, 'id');
  const key = listShimKeys(options.run).find((k) => {
    const layout = shimLayout(k, options.run);
    return (
      existsSync(path.join(layout.tasksDir, `${options.id}.json`)) ||
      existsSync(path.join(layout.claimsDir, options.id))
    );
  });
  if (key === undefined) throw new TaskNotFoundError(options.id);
  const layout = shimLayout(key, options.run);
  if ((await probeUnixSocket(layout.socket)) === 'live')
    throw new FailedPreconditionError(
      `shim ${key} owning ${options.id} is running: delete through its Task API`,
      {
        reason: 'SHIM_RUNNING',
      },
    );
  const store = new TaskStore(layout.tasksDir);
  const record = existsSync(path.join(layout.tasksDir, `${options.id}.json`))
    ? await store.load(options.id)
    : undefined;
  const runtime = new Runtime({ root: options.runtimeRoot });
  let exit: ProcessExit | undefined = record?.init.exit;
  if (record) {
    const { pid, startTime } = record.init;
    const alive = pid > 0 && isProcessAlive(pid, startTime);
    if (alive || !exit) exit = { status: UNKNOWN_EXIT_STATUS, exitedAt: new Date().toISOString() };
    try {
      await runtime.delete(options.id, true);
    } catch (error) {
      if ((error as { code?: string }).code !== 'NotFound') throw error;
    }
    if (record.rootfsMounts > 0) await unmountRootfs(path.join(record.bundle, 'rootfs'), record.rootfsMounts);
    await store.remove(options.id);
  }
  rmSync(path.join(layout.claimsDir, options.id), { force: true });
  if (readdirSync(layout.tasksDir).length === 0 && readdirSync(layout.claimsDir).length === 0)
    rmSync(layout.dir, { recursive: true, force: true });
  exit ??= { status: UNKNOWN_EXIT_STATUS, exitedAt: new Date().toISOString() };
  return { id: options.id, pid: record?.init.pid ?? 0, exitStatus: exit.status, exitedAt: exit.exitedAt };
}
