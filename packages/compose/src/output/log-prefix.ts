// `name  | ` prefixes for interleaved output of several containers, coloured per container
// when writing to a terminal, as docker compose does.

const COLOURS = [36, 33, 32, 35, 34, 96, 93, 92, 95, 94];

export class LogPrefixer {
  private readonly width: number;

  constructor(
    private readonly names: string[],
    private readonly colour: boolean,
  ) {
    this.width = Math.max(0, ...names.map((name) => name.length));
  }

  prefix(name: string): string {
    const text = `${name.padEnd(this.width)}  | `;
    if (!this.colour) return text;
    const index = Math.max(0, this.names.indexOf(name));
    return `\u001b[${COLOURS[index % COLOURS.length]}m${text}\u001b[0m`;
  }
}

/** Splits a byte stream into whole lines, keeping a partial last line for the next chunk. */
export class LineSplitter {
  private pending = '';

  push(chunk: string): string[] {
    const text = this.pending + chunk;
    const lines = text.split('\n');
    this.pending = lines.pop() ?? '';
    return lines;
  }

  flush(): string[] {
    const rest = this.pending;
    this.pending = '';
    return rest ? [rest] : [];
  }
}
