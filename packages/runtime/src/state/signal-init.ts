import { sameProcessAlive } from './process-info';

/**
 * Signals the container's init through a pidfd: the pidfd pins the process, and the start
 * time checked after opening it proves it is still our init, so a recycled pid is never hit.
 * Returns false when init is already gone.
 */
export function signalInit(pid: number, startTime: string, signal: number): boolean {
  // Loaded here: only kill and delete need the native addon.
  const { closeFd, pidfdOpen, pidfdSendSignal } = require('@berth/sys') as typeof import('@berth/sys');
  let pidfd: number;
  try {
    pidfd = pidfdOpen(pid);
  } catch {
    return false;
  }
  try {
    if (!sameProcessAlive(pid, startTime)) return false;
    pidfdSendSignal(pidfd, signal);
    return true;
  } finally {
    closeFd(pidfd);
  }
}
