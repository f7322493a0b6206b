// `--name=value` options at the start of an instruction's arguments (COPY --from=..., RUN
// --network=..., HEALTHCHECK --interval=...), split off before the instruction's own words.

export interface FlagSplit {
  flags: Map<string, string | true>;
  rest: string;
}

/** Takes leading `--flag[=value]` words (quotes allowed in values); `--` ends the flags. */
export function splitFlags(args: string): FlagSplit | { duplicate: string } | { malformed: string } {
  const flags = new Map<string, string | true>();
  let pos = 0;
  for (;;) {
    while (pos < args.length && /\s/.test(args[pos])) pos++;
    if (!args.startsWith('--', pos)) break;
    let end = pos;
    let quote = '';
    while (end < args.length && (quote !== '' || !/\s/.test(args[end]))) {
      if (quote === '' && (args[end] === '"' || args[end] === "'")) quote = args[end];
      else if (args[end] === quote) quote = '';
      end++;
    }
    const word = args.slice(pos + 2, end);
    pos = end;
    if (word === '') break;
    const eq = word.indexOf('=');
    const name = eq < 0 ? word : word.slice(0, eq);
    if (!/^[a-z][a-z0-9-]*$/.test(name)) return { malformed: `--${word}` };
    if (flags.has(name)) return { duplicate: name };
    flags.set(name, eq < 0 ? true : unquote(word.slice(eq + 1)));
  }
  return { flags, rest: args.slice(pos).trim() };
}

function unquote(value: string): string {
  if (value.length >= 2 && (value[0] === '"' || value[0] === "'") && value.at(-1) === value[0]) {
    return value.slice(1, -1);
  }
  return value;
}
