// BuildKit's plain progress for `berth build`: each step gets a number when it starts
// (`#3 [build 2/5] RUN make`), a cached one says so (`#3 CACHED`), and RUN output comes line by
// line prefixed with its step's number, so steps of parallel stages stay readable when mixed.
import type { engine as api } from '@berth/api';

type Event = NonNullable<api.v1.BuildResponse['event']>;

export class BuildPrinter {
  private next = 1;
  /** Step position ("[build 2/5]") → its number. */
  private readonly numbers = new Map<string, number>();
  /** Unfinished last line of each step's output. */
  private readonly partial = new Map<number, string>();

  constructor(private readonly write: (text: string) => void) {}

  print(event: Event): void {
    switch (event.$case) {
      case 'step': {
        const number = this.next++;
        this.numbers.set(event.step.step, number);
        this.write(`#${number} ${event.step.step} ${event.step.text}\n`);
        if (event.step.cached) this.write(`#${number} CACHED\n`);
        return;
      }
      case 'output': {
        const number = this.numbers.get(event.output.step) ?? 0;
        const text = (this.partial.get(number) ?? '') + Buffer.from(event.output.data).toString('utf8');
        const lines = text.split('\n');
        this.partial.set(number, lines.pop() ?? '');
        for (const line of lines) this.write(`#${number} ${line}\n`);
        return;
      }
      case 'warning':
        this.write(`WARNING: ${event.warning}\n`);
        return;
      case 'result':
        return;
    }
  }

  /** Flushes unfinished output lines and, unless quiet, says what was stored. */
  finish(result: api.v1.BuildResult, quiet: boolean): void {
    for (const [number, line] of this.partial) if (line !== '') this.write(`#${number} ${line}\n`);
    this.partial.clear();
    if (quiet) return;
    const number = this.next++;
    this.write(`#${number} exporting to image\n`);
    this.write(`#${number} writing image ${result.imageId} done\n`);
    for (const tag of result.tags) this.write(`#${number} naming to ${tag} done\n`);
  }
}
