import { processAlive, sameProcessAlive } from '../state/process-info';

const POLL_MS = 2;

/** Waits until a process that is not our child is gone (exited or a zombie). */
export async function waitGone(pid: number, startTime?: string, timeoutMs = 10_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  const alive = () => (startTime === undefined ? processAlive(pid) : sameProcessAlive(pid, startTime));
  while (alive()) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  return true;
}
