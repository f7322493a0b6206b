// Sizes and durations in compose's notation.

const SIZE_UNITS: Record<string, number> = {
  b: 1,
  k: 1024,
  kb: 1024,
  m: 1024 ** 2,
  mb: 1024 ** 2,
  g: 1024 ** 3,
  gb: 1024 ** 3,
};

/** "512m", "1g", "1024" or a number, to bytes; undefined when malformed. */
export function parseBytes(value: string | number): number | undefined {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value >= 0 ? value : undefined;
  const match = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(value.trim());
  const unit = SIZE_UNITS[(match?.[2] ?? '').toLowerCase() || 'b'];
  if (!match || unit === undefined) return undefined;
  return Math.round(Number(match[1]) * unit);
}

const DURATION_UNITS: Record<string, number> = { ns: 1e-9, us: 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600 };

/** Go-style durations ("1m30s", "500ms", "10s"), to seconds; undefined when malformed. */
export function parseDurationSeconds(value: string): number | undefined {
  const text = value.trim();
  if (text === '') return undefined;
  if (text === '0') return 0;
  const part = /(\d+(?:\.\d+)?)(ns|us|ms|s|m|h)/gy;
  let total = 0;
  let consumed = 0;
  for (let match = part.exec(text); match; match = part.exec(text)) {
    total += Number(match[1]) * DURATION_UNITS[match[2]];
    consumed = part.lastIndex;
  }
  return consumed === text.length ? total : undefined;
}
