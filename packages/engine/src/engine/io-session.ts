// One attach or exec session: the process's output to the caller, the caller's stdin (with
// detach keys) to the process, terminal resizes, and the end of it all.
import type { CallerStreams } from './process-io';
import { DetachScanner } from './detach-keys';

export type OutputStreamName = 'stdout' | 'stderr';

export interface SessionControls {
  resize(width: number, height: number): Promise<unknown>;
  closeStdin(): Promise<unknown>;
}

/** How long output must stay quiet after the exit before the session reports it. */
const DRAIN_QUIET_MS = 50;
const DRAIN_MAX_MS = 2000;

export class IoSession {
  private readonly scanner: DetachScanner;
  private lastOutput = Date.now();

  constructor(
    private readonly streams: CallerStreams,
    detachKeys: Buffer,
    private readonly controls: SessionControls,
  ) {
    this.scanner = new DetachScanner(detachKeys);
  }

  /** Forwards output chunks to `sink` until close(). */
  pipeOutput(
    sink: (stream: OutputStreamName, data: Buffer) => void,
    wanted: { stdout: boolean; stderr: boolean },
  ): void {
    const forward = (stream: OutputStreamName) => (data: Buffer) => {
      this.lastOutput = Date.now();
      if (wanted[stream]) sink(stream, data);
    };
    this.streams.stdout.on('data', forward('stdout'));
    this.streams.stderr?.on('data', forward('stderr'));
  }

  /** Feeds typed bytes to the process; true when they contained the detach keys. */
  input(chunk: Buffer): boolean {
    const { forward, detach } = this.scanner.scan(chunk);
    if (forward.length > 0) this.streams.stdin?.write(forward);
    return detach;
  }

  resize(width: number, height: number): Promise<unknown> {
    return this.controls.resize(width, height);
  }

  async endInput(): Promise<void> {
    this.streams.stdin?.end();
    await this.controls.closeStdin();
  }

  /**
   * Waits until the process's last output has arrived: the fifos stay open (the shim holds
   * them read-write), so "done" means quiet for a moment after the exit.
   */
  async drain(): Promise<void> {
    const deadline = Date.now() + DRAIN_MAX_MS;
    do {
      await new Promise((resolve) => setTimeout(resolve, DRAIN_QUIET_MS));
    } while (Date.now() - this.lastOutput < DRAIN_QUIET_MS && Date.now() < deadline);
  }

  close(): void {
    this.streams.close();
  }
}
