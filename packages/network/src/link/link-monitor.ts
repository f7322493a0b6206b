import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable } from 'node:stream';

/** A link whose deletion is awaited: in the host namespace, or (`foreign`) in another one. */
export interface LinkRef {
  ifindex: number;
  name: string;
  foreign: boolean;
}

interface Waiter {
  pending: LinkRef[];
  resolve: () => void;
}

// `ip -o monitor link all-nsid` prints one line per event, e.g.
// `[nsid current]Deleted 3942: bv1a2b3c@NONE: <BROADCAST,…` or `[nsid 0]Deleted 2: eth0@NONE: …`.
const DELETED = /^\[nsid (current|\d+)\]Deleted (\d+): ([^:@\s]+)[@:]/;

/**
 * Hears the kernel announce link deletions (RTM_DELLINK) in the host namespace and in every
 * namespace the host has an id for (a veth peer's namespace gets one), through one long-lived
 * `ip -o monitor link all-nsid`.
 *
 * Why: deleting a veth unlists both ends from their namespaces, closes them, drops their
 * addresses and routes and announces each as deleted within a few milliseconds; then the
 * deleting process stays in the kernel for a `rcu_barrier()` (netdev_run_todo), 20–30 ms here,
 * that only waits to free the devices' memory. The announcement is the moment the links are
 * gone (their names are free again), so callers can go on from there. Should the monitor miss
 * an event (not started yet, restarted, overrun), the deleting process's exit still ends the
 * wait: the monitor only ever makes a deletion return sooner.
 */
export class LinkMonitor {
  private child?: ChildProcessByStdio<null, Readable, null>;
  private buffer = '';
  private readonly waiters = new Set<Waiter>();
  /** Deleting processes still in the kernel after their links were announced deleted. */
  private readonly settling = new Set<Promise<unknown>>();
  private closed = false;

  /** `onStop` hears of a monitor that ended on its own (detaches are slower until it runs again). */
  constructor(private readonly onStop: (reason: string) => void = () => undefined) {}

  /** Starts listening; events before the monitor has subscribed are missed (see above). */
  start(): void {
    if (this.closed || (this.child && this.child.exitCode === null)) return;
    // ip monitor never reads its input, so it would outlive a daemon killed with -9 until some
    // event made it write into the closed pipe: the parent-death signal ends it with the daemon.
    const child = spawn('setpriv', ['--pdeathsig', 'TERM', '--', 'ip', '-o', 'monitor', 'link', 'all-nsid'], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => this.read(chunk));
    child.on('error', (error) => this.stopped(child, error.message));
    child.on('close', (code, signal) => this.stopped(child, `exit ${code ?? signal}`));
    this.child = child;
  }

  /** Stops listening once the deletions still finishing in the kernel are done. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.settling);
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('close', () => resolve());
      child.kill('SIGTERM');
    });
  }

  /** Resolves once every link in `links` has been announced deleted; `cancel` drops the wait. */
  awaitDeletion(links: LinkRef[]): { deleted: Promise<void>; cancel: () => void } {
    // A monitor that died (or was never started) is started again for the next deletions.
    this.start();
    let waiter: Waiter | undefined;
    const deleted = new Promise<void>((resolve) => {
      waiter = { pending: [...links], resolve };
      this.waiters.add(waiter);
    });
    return { deleted, cancel: () => waiter && this.waiters.delete(waiter) };
  }

  /** Remembers a deletion's process so `close` waits for it (it is already past the point of failing). */
  settle(tail: Promise<unknown>): void {
    const settled = tail.catch(() => undefined).finally(() => this.settling.delete(settled));
    this.settling.add(settled);
  }

  private stopped(child: ChildProcessByStdio<null, Readable, null>, reason: string): void {
    if (this.child !== child) return;
    this.child = undefined;
    if (!this.closed) this.onStop(`ip monitor: ${reason}`);
  }

  private read(chunk: string): void {
    this.buffer += chunk;
    let newline: number;
    while ((newline = this.buffer.indexOf('\n')) >= 0) {
      const line = this.buffer.slice(0, newline);
      this.buffer = this.buffer.slice(newline + 1);
      const match = DELETED.exec(line);
      if (match) this.deleted(match[1] !== 'current', Number(match[2]), match[3]);
    }
  }

  private deleted(foreign: boolean, ifindex: number, name: string): void {
    for (const waiter of this.waiters) {
      waiter.pending = waiter.pending.filter(
        (l) => !(l.foreign === foreign && l.ifindex === ifindex && l.name === name),
      );
      if (waiter.pending.length === 0) {
        this.waiters.delete(waiter);
        waiter.resolve();
      }
    }
  }
}
