import { MultiBar, Presets, type SingleBar } from 'cli-progress';
import type { BlobProgress } from '../client-options';

const STATE_LABEL: Readonly<Record<BlobProgress['state'], string>> = {
  transferring: '',
  done: 'done',
  exists: 'exists',
  mounted: 'mounted',
  foreign: 'foreign, not pushed',
};

function shortDigest(digest: string): string {
  return digest.slice(digest.indexOf(':') + 1, digest.indexOf(':') + 13);
}

/**
 * Per-blob progress bars on stderr (only when it is a terminal); elsewhere one line per finished
 * blob, so logs still show what happened.
 */
export class ProgressDisplay {
  private readonly bars = new Map<string, SingleBar>();
  private readonly multibar: MultiBar | undefined;

  constructor(
    private readonly stream: NodeJS.WriteStream = process.stderr,
    private readonly enabled = true,
  ) {
    this.multibar =
      enabled && stream.isTTY
        ? new MultiBar(
            {
              stream,
              format: '{id} [{bar}] {percentage}% {value}/{total} bytes {state}',
              hideCursor: true,
              clearOnComplete: false,
              fps: 10,
            },
            Presets.shades_classic,
          )
        : undefined;
  }

  readonly update = (progress: BlobProgress): void => {
    if (!this.enabled) return;
    const id = shortDigest(progress.digest);
    const payload = { id, state: STATE_LABEL[progress.state] };
    if (this.multibar === undefined) {
      if (progress.state !== 'transferring')
        this.stream.write(`${id}: ${progress.state} (${progress.total} bytes)\n`);
      return;
    }
    let bar = this.bars.get(progress.digest);
    if (bar === undefined) {
      bar = this.multibar.create(progress.total, 0, payload);
      this.bars.set(progress.digest, bar);
    }
    bar.update(progress.done, payload);
  };

  stop(): void {
    this.multibar?.stop();
  }
}
