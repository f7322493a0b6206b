// The layer cache index: for each step's cache key, what the step produced (the layer and the
// chain it leads to, or nothing for a step that changed no file) and when. The layers themselves
// live in the image store; a record whose chain has gone is ignored and rebuilt.

import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { NotFoundError, readJsonFile, writeJsonAtomic } from '@berth/kit';
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

  async get(key: string): Promise<CacheRecord | undefined> {
    try {
      return await readJsonFile<CacheRecord>(this.file(key), { malformed: 'data-loss' });
    } catch (error) {
      if (error instanceof NotFoundError) return undefined;
      throw error;
    }
  }

  async put(key: string, record: CacheRecord): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    await writeJsonAtomic(this.file(key), record);
  }

  /**
   * A yes/no fact about a committed chain (whether it holds a directory...): chains never change,
   * so what was once worked out by mounting one stays true. Facts' keys come from other inputs
   * than steps' keys, so the two never meet.
   */
  async getFact(key: string): Promise<boolean | undefined> {
    try {
      const { fact } = await readJsonFile<{ fact: unknown }>(this.file(key), { malformed: 'data-loss' });
      return typeof fact === 'boolean' ? fact : undefined;
    } catch (error) {
      if (error instanceof NotFoundError) return undefined;
      throw error;
    }
  }

  async putFact(key: string, fact: boolean): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    await writeJsonAtomic(this.file(key), { fact });
  }
}
