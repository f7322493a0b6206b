import type { ChildProcess } from 'node:child_process';
import { subscribe } from 'node:diagnostics_channel';

// Children whose exit status belongs to someone else, so the orphan reaper must leave them:
// - every child_process child: libuv reaps it with waitpid(pid) and would never report its exit
//   (nor release its handle) if we took the status first;
// - every pid claimed by a PidfdWatcher, which reaps it itself.
// child_process children are learnt from the 'child_process' diagnostics channel, which Node
// publishes for each spawn (spawn, exec, execFile, fork). Subscribing when this module loads
// covers every child spawned after @berth/sys was imported.

const liveChildProcesses = new Set<ChildProcess>();
const claimedPids = new Map<number, number>();

function hasEnded(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

subscribe('child_process', (message) => {
  const child = (message as { process?: ChildProcess }).process;
  if (!child) return;
  liveChildProcesses.add(child);
  // 'exit' listeners do not change how the child behaves (unlike 'error' ones would).
  child.once('exit', () => liveChildProcesses.delete(child));
});

/** Whether pid's exit status belongs to child_process or a pidfd watcher. */
export function isClaimed(pid: number): boolean {
  if (claimedPids.has(pid)) return true;
  for (const child of liveChildProcesses) {
    // A child that failed to spawn never emits 'exit'; it ends with a negative exitCode.
    if (hasEnded(child) && child.pid === undefined) liveChildProcesses.delete(child);
    else if (child.pid === pid) return true;
  }
  return false;
}

/** Reserves pid's exit status for the caller until the returned release function is called. */
export function claimPid(pid: number): () => void {
  claimedPids.set(pid, (claimedPids.get(pid) ?? 0) + 1);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    const count = (claimedPids.get(pid) ?? 1) - 1;
    if (count > 0) claimedPids.set(pid, count);
    else claimedPids.delete(pid);
  };
}
