import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

export type Scheme = 'http' | 'https';

/**
 * What a probe of an insecure registry found (https, else http), kept across processes: a CLI
 * run then sends its first request with the scheme that worked last time instead of failing a
 * TLS handshake first. An entry is only a hint: a connection error with it probes again.
 */
export interface SchemeCache {
  get(host: string): Scheme | undefined;
  set(host: string, scheme: Scheme | undefined): void;
}

/** `$XDG_CACHE_HOME/berth/registry-schemes.json`, default `~/.cache/berth/registry-schemes.json`. */
export function defaultSchemeCachePath(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'berth', 'registry-schemes.json');
}

/**
 * A JSON file `{ "<host>": "http" | "https" }`, read on first use and rewritten (temp file +
 * rename, so readers never see half a file) when an answer changes. It is only a cache: an
 * unreadable or unwritable file means probing as if it were empty.
 */
export class FileSchemeCache implements SchemeCache {
  private entries: Record<string, Scheme> | undefined;

  constructor(readonly path: string = defaultSchemeCachePath()) {}

  get(host: string): Scheme | undefined {
    const scheme = this.load()[host];
    return scheme === 'http' || scheme === 'https' ? scheme : undefined;
  }

  set(host: string, scheme: Scheme | undefined): void {
    const entries = this.load();
    if (entries[host] === scheme) return;
    if (scheme === undefined) delete entries[host];
    else entries[host] = scheme;
    const temp = `${this.path}.${process.pid}.tmp`;
    try {
      mkdirSync(dirname(this.path), { recursive: true, mode: 0o700 });
      writeFileSync(temp, `${JSON.stringify(entries)}\n`, { mode: 0o600 });
      renameSync(temp, this.path);
    } catch {
      rmSync(temp, { force: true });
    }
  }

  private load(): Record<string, Scheme> {
    if (this.entries === undefined) {
      try {
        const parsed: unknown = JSON.parse(readFileSync(this.path, 'utf8'));
        this.entries =
          parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)
            ? (parsed as Record<string, Scheme>)
            : {};
      } catch {
        this.entries = {};
      }
    }
    return this.entries;
  }
}
