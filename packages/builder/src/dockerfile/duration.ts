// Go-style durations (`30s`, `1m30s`, `500ms`) as HEALTHCHECK options take them, in nanoseconds
// as the image config stores them.

const UNIT_NS: Record<string, number> = {
  ns: 1,
  us: 1e3,
  µs: 1e3,
  ms: 1e6,
  s: 1e9,
  m: 60e9,
  h: 3600e9,
};

/** Returns nanoseconds, or undefined when `text` is not a duration. */
export function parseGoDuration(text: string): number | undefined {
  if (text === '0') return 0;
  const part = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/y;
  let total = 0;
  let pos = 0;
  while (pos < text.length) {
    part.lastIndex = pos;
    const match = part.exec(text);
    if (match === null) return undefined;
    total += Number(match[1]) * UNIT_NS[match[2]];
    pos = part.lastIndex;
  }
  return pos === 0 ? undefined : Math.round(total);
}
