import { randomBytes } from 'node:crypto';
import { promises as fs, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { writeJsonAtomic } from '@berth/kit';

/**
 * A directory of `<key>.json` records, each replaced atomically (temp file + rename). Keys must be
 * safe file names. `durable` records are also fsynced (kit's writeJsonAtomic) and survive power
 * loss; the others survive a daemon crash (the rename is in the page cache) but not a power cut,
 * which suits records of kernel state a reboot wipes anyway, and saves an fsync on the hot path.
 */
export class JsonDir<T> {
  constructor(
    readonly dir: string,
    private readonly durable: boolean,
  ) {}

  /** Creates the directory and removes temp files a crash left between write and rename. */
  async open(): Promise<void> {
    await fs.mkdir(this.dir, { recursive: true, mode: 0o700 });
    for (const name of await fs.readdir(this.dir)) {
      if (name.startsWith('.') && name.endsWith('.tmp'))
        await fs.rm(path.join(this.dir, name), { force: true });
    }
  }

  private file(key: string): string {
    if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(key)) throw new Error(`unsafe state key ${JSON.stringify(key)}`);
    return path.join(this.dir, `${key}.json`);
  }

  async put(key: string, value: T): Promise<void> {
    const file = this.file(key);
    if (this.durable) return writeJsonAtomic(file, value, { mode: 0o600 });
    // A few hundred bytes into the page cache, no fsync: done in place, this costs less than the
    // thread-pool round trips of open, write, close and rename (it sits on the attach path twice).
    const temp = path.join(this.dir, `.${key}.${randomBytes(6).toString('hex')}.tmp`);
    writeFileSync(temp, `${JSON.stringify(value, null, 2)}\n`, { mode: 0o600 });
    renameSync(temp, file);
  }

  async delete(key: string): Promise<void> {
    if (!this.durable) return rmSync(this.file(key), { force: true });
    await fs.rm(this.file(key), { force: true });
  }

  /** Every record; `onCorrupt` hears of files that do not parse (a power cut mid-write). */
  async readAll(onCorrupt: (file: string, error: unknown) => void): Promise<Map<string, T>> {
    const records = new Map<string, T>();
    for (const name of (await fs.readdir(this.dir)).sort()) {
      if (!name.endsWith('.json') || name.startsWith('.')) continue;
      const file = path.join(this.dir, name);
      try {
        records.set(name.slice(0, -'.json'.length), JSON.parse(await fs.readFile(file, 'utf8')) as T);
      } catch (error) {
        onCorrupt(file, error);
      }
    }
    return records;
  }
}
