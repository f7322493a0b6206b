import { promises as fs } from 'node:fs';
import path from 'node:path';
import { writeJsonAtomic } from '@berth/kit';

/** A directory of `<key>.json` records, each written atomically. Keys must be safe file names. */
export class JsonDir<T> {
  constructor(readonly dir: string) {}

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
    await writeJsonAtomic(this.file(key), value, { mode: 0o600 });
  }

  async delete(key: string): Promise<void> {
    await fs.rm(this.file(key), { force: true });
  }

  async readAll(): Promise<Map<string, T>> {
    const records = new Map<string, T>();
    for (const name of (await fs.readdir(this.dir)).sort()) {
      if (!name.endsWith('.json') || name.startsWith('.')) continue;
      const text = await fs.readFile(path.join(this.dir, name), 'utf8');
      records.set(name.slice(0, -'.json'.length), JSON.parse(text) as T);
    }
    return records;
  }
}
