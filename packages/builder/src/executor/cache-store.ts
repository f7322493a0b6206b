// The layer cache index: for each step's cache key, what the step produced (the layer and the
// chain it leads to, or nothing for a step that changed no file) and when. The layers themselves
// live in the image store; a record whose chain has gone is ignored and rebuilt. Records are
// written whole (temp file and rename) but not fsynced: the index is a cache, so a record lost
// or torn by a power cut is a miss and the step runs again.

import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { LayerRef } from './backend';

export interface CacheRecord {
  /** Absent when the step changed nothing. */
  layer?: LayerRef;
  chainId?: string;
  /** RFC 3339 time the step ran, reused in history so cached builds give the same image ID. */
  created: string;
}

export class BuildCache {
  constructor(private readonly dir: string) {}

  private file(key: string): string {
    if (!/^sha256:[a-f0-9]{64}$/.test(key)) throw new Error(`invalid cache key ${key}`);
    return join(this.dir, `${key.slice('sha256:'.length)}.json`);
  }

  /** The parsed file, or undefined when it is missing or unreadable (a miss either way). */
  private async read(key: string): Promise<unknown> {
    const file = this.file(key);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return undefined;
    }
  }

  private async write(key: string, value: unknown): Promise<void> {
    const file = this.file(key);
    await mkdir(this.dir, { recursive: true });
    const temporary = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    try {
      await writeFile(temporary, JSON.stringify(value));
      await rename(temporary, file);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
  }

  async get(key: string): Promise<CacheRecord | undefined> {
    const record = (await this.read(key)) as CacheRecord | undefined;
    return typeof record?.created === 'string' ? record : undefined;
  }

  async put(key: string, record: CacheRecord): Promise<void> {
    await this.write(key, record);
  }

  /**
   * A yes/no fact about a committed chain (whether it holds a directory...): chains never change,
   * so what was once worked out by mounting one stays true. Facts' keys come from other inputs
   * than steps' keys, so the two never meet.
   */
  async getFact(key: string): Promise<boolean | undefined> {
    const fact = ((await this.read(key)) as { fact?: unknown } | undefined)?.fact;
    return typeof fact === 'boolean' ? fact : undefined;
  }

  async putFact(key: string, fact: boolean): Promise<void> {
    await this.write(key, { fact });
  }
}
