import { readFileSync } from 'node:fs';
import { InvalidArgumentError } from '../errors';

/**
 * One `-e` entry: "KEY=value" as is; a bare "KEY" takes the value from berth's own environment
 * as docker does, and stays bare (the engine drops it) when that is unset too.
 */
export function resolveEnvEntry(entry: string, env: NodeJS.ProcessEnv): string {
  if (entry.startsWith('='))
    throw new InvalidArgumentError(`invalid environment variable "${entry}": empty name`);
  if (entry.includes('=')) return entry;
  const value = env[entry];
  return value === undefined ? entry : `${entry}=${value}`;
}

/** The entries of an `--env-file`: one per line, blank lines and `#` comments skipped. */
export function readEnvFile(path: string, env: NodeJS.ProcessEnv): string[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new InvalidArgumentError(`cannot read env file ${path}: ${(err as Error).message}`);
  }
  const entries: string[] = [];
  text.split(/\r?\n/).forEach((line, index) => {
    const trimmed = line.trimStart();
    if (!trimmed || trimmed.startsWith('#')) return;
    if (/\s/.test(trimmed.split('=')[0])) {
      throw new InvalidArgumentError(
        `${path}:${index + 1}: variable name "${trimmed.split('=')[0]}" contains whitespace`,
      );
    }
    entries.push(resolveEnvEntry(trimmed, env));
  });
  return entries;
}

/** `--label k=v` / `--label k` (empty value) entries as a map; later entries win. */
export function parseKeyValues(entries: readonly string[], flag: string): Record<string, string> {
  const map: Record<string, string> = {};
  for (const entry of entries) {
    const eq = entry.indexOf('=');
    const key = eq === -1 ? entry : entry.slice(0, eq);
    if (!key) throw new InvalidArgumentError(`invalid ${flag} "${entry}": empty key`);
    map[key] = eq === -1 ? '' : entry.slice(eq + 1);
  }
  return map;
}
