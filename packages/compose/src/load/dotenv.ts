// Reads `.env` and `env_file` files in the format docker compose accepts: `KEY=value`,
// optional `export ` prefix, `#` comments, single quotes (literal), double quotes (with \n,
// \t, \\ and \" escapes), and `KEY` alone (taken from the environment when set there).
import { readFileSync } from 'node:fs';
import { ComposeFileError } from '../errors';

/** Parsed variables; `undefined` marks a bare `KEY` line. */
export type EnvEntries = Map<string, string | undefined>;

export function parseDotenv(text: string, file: string): EnvEntries {
  const entries: EnvEntries = new Map();
  const lines = text.split(/\r?\n/);
  for (let index = 0; index < lines.length; index++) {
    let line = lines[index].trim();
    if (line === '' || line.startsWith('#')) continue;
    if (line.startsWith('export ')) line = line.slice('export '.length).trimStart();
    const eq = line.indexOf('=');
    const key = (eq < 0 ? line : line.slice(0, eq)).trim();
    if (!/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(key)) {
      throw new ComposeFileError(file, '', `invalid variable name "${key}"`, index + 1);
    }
    if (eq < 0) {
      entries.set(key, undefined);
      continue;
    }
    const raw = line.slice(eq + 1).trim();
    entries.set(key, parseValue(raw, file, index + 1));
  }
  return entries;
}

function parseValue(raw: string, file: string, line: number): string {
  const quote = raw[0];
  if (quote !== '"' && quote !== "'") {
    // An unquoted value ends at ` #` (a trailing comment).
    const comment = raw.search(/\s#/);
    return (comment < 0 ? raw : raw.slice(0, comment)).trim();
  }
  const end = raw.lastIndexOf(quote);
  if (end === 0) throw new ComposeFileError(file, '', `unterminated ${quote} quote`, line);
  const body = raw.slice(1, end);
  if (quote === "'") return body;
  return body.replace(/\\([nrt"\\])/g, (_, c: string) => ({ n: '\n', r: '\r', t: '\t' })[c] ?? c);
}

/** Reads and parses a file; a missing file is an error naming it. */
export function readDotenv(path: string, shownAs = path): EnvEntries {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ComposeFileError(shownAs, '', `cannot read env file: ${(err as Error).message}`);
  }
  return parseDotenv(text, shownAs);
}
