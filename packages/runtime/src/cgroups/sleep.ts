// A blocking pause for the few waits on the kernel (freezing, rmdir of a draining cgroup). The manager
// is synchronous so the CLI and the in-process library share one simple contract; these waits are
// milliseconds long and rare, so blocking beats threading promises through every caller.
const cell = new Int32Array(new SharedArrayBuffer(4));

export function sleepSync(ms: number): void {
  Atomics.wait(cell, 0, 0, ms);
}
