// One attach or exec session: the process's output to the caller, the caller's stdin (with
// detach keys) to the process, terminal resizes, and the end of it all.
import type { CallerStreams, FifoPaths } from './process-io';
import { DetachScanner } from './detach-keys';
import { readAvailable } from './fifo-drain';

export type OutputStreamName = 'stdout' | 'stderr';

export interface SessionControls {
  resize(width: number, height: number): Promise<unknown>;
  closeStdin(): Promise<unknown>;
}

export class IoSession {
  private readonly scanner: DetachScanner;
  private forwarders: Array<[string, (data: Buffer) => void]> = [];

  constructor(
    private readonly streams: CallerStreams,
    /** The fifos `streams` read: drain() empties them once the process has exited. */
    private readonly paths: Pick<FifoPaths, 'stdout' | 'stderr'>,
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
      if (wanted[stream]) sink(stream, data);
    };
    this.forwarders = [[this.paths.stdout, forward('stdout')]];
    this.streams.stdout.on('data', this.forwarders[0][1]);
    if (this.streams.stderr && this.paths.stderr) {
      this.forwarders.push([this.paths.stderr, forward('stderr')]);
      this.streams.stderr.on('data', this.forwarders[1][1]);
    }
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
   * Forwards the output still in the fifos after the exit. The fifos never report end-of-file
   * (the shim holds them read-write), but the shim reports an exit only after the process's
   * output is in them, so what they hold now is the rest: no waiting for quiet.
   */
  async drain(): Promise<void> {
    for (const [path, forward] of this.forwarders) for (const chunk of readAvailable(path)) forward(chunk);
  }

  close(): void {
    this.streams.close();
  }
}
