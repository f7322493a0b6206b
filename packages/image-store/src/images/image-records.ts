import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';

import { DataLossError, readJsonFile, writeJsonAtomic } from '@berth/kit';
import type { Descriptor } from '@berth/oci';

import type { OciLayoutDir } from '../content/layout';

/** One named image: what the name points at (a manifest or an index) and when it changed. */
export interface ImageRecord {
  name: string;
  target: Descriptor;
  labels: Record<string, string>;
  created: string;
  updated: string;
}

interface ImageDb {
  version: 1;
  images: Record<string, ImageRecord>;
}

/**
 * Image names, Berth's source of truth (images.json, atomic). After every change the layout's
 * index.json is rewritten from it, so OCI tools see the same names as
 * `org.opencontainers.image.ref.name` annotations.
 */
export class ImageRecords {
  private db: ImageDb = { version: 1, images: {} };

  constructor(
    private readonly file: string,
    private readonly layout: OciLayoutDir,
  ) {}

  async load(): Promise<void> {
    await mkdir(dirname(this.file), { recursive: true });
    try {
      const loaded = await readJsonFile<ImageDb>(this.file, { malformed: 'data-loss' });
      if (loaded.version !== 1 || typeof loaded.images !== 'object') {
        throw new DataLossError(`${this.file}: not an image table of version 1`, {
          reason: 'IMAGE_DB_CORRUPT',
        });
      }
      this.db = loaded;
    } catch (error) {
      if ((error as { reason?: string }).reason !== 'FILE_NOT_FOUND') throw error;
    }
    // Also repairs an index.json a crash left behind the table.
    await this.save();
  }

  get(name: string): ImageRecord | undefined {
    return this.db.images[name];
  }

  all(): ImageRecord[] {
    return Object.values(this.db.images).sort((a, b) => a.name.localeCompare(b.name));
  }

  async put(record: ImageRecord): Promise<void> {
    this.db.images[record.name] = record;
    await this.save();
  }

  async delete(name: string): Promise<void> {
    delete this.db.images[name];
    await this.save();
  }

  private async save(): Promise<void> {
    await writeJsonAtomic(this.file, this.db);
    await this.layout.writeRefs(this.all().map(({ name, target }) => ({ name, target })));
  }
}
