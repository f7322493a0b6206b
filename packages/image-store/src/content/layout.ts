import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

import { writeJsonAtomic } from '@berth/kit';
import {
  IMAGE_LAYOUT_BLOBS_DIR,
  IMAGE_LAYOUT_FILE,
  IMAGE_LAYOUT_INDEX_FILE,
  IMAGE_LAYOUT_VERSION,
  MediaTypes,
  parseImageLayout,
  parseIndex,
  type Descriptor,
  type ImageIndex,
} from '@berth/oci';

/** The annotation OCI tools (skopeo `oci:<dir>:<name>`, umoci `--image <dir>:<name>`) look names up by. */
export const REF_NAME_ANNOTATION = 'org.opencontainers.image.ref.name';

/** One named manifest in the layout's index.json. */
export interface LayoutRef {
  name: string;
  target: Descriptor;
}

/**
 * The store's content directory is an OCI image layout, so standard tools read it directly.
 * index.json is a projection of Berth's image records (written whenever they change), never
 * the other way round: Berth's metadata stays the single source of truth.
 */
export class OciLayoutDir {
  constructor(readonly dir: string) {}

  async init(): Promise<void> {
    await mkdir(join(this.dir, IMAGE_LAYOUT_BLOBS_DIR, 'sha256'), { recursive: true });
    const layoutFile = join(this.dir, IMAGE_LAYOUT_FILE);
    try {
      parseImageLayout(JSON.parse(await readFile(layoutFile, 'utf8')));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      await writeJsonAtomic(layoutFile, { imageLayoutVersion: IMAGE_LAYOUT_VERSION });
    }
    try {
      await readFile(join(this.dir, IMAGE_LAYOUT_INDEX_FILE));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      await this.writeRefs([]);
    }
  }

  async readIndex(): Promise<ImageIndex> {
    return parseIndex(JSON.parse(await readFile(join(this.dir, IMAGE_LAYOUT_INDEX_FILE), 'utf8')));
  }

  /** Rewrites index.json atomically: one entry per name, sorted so the file is stable. */
  async writeRefs(refs: readonly LayoutRef[]): Promise<void> {
    const manifests = [...refs]
      .sort((a, b) => a.name.localeCompare(b.name))
      .map(({ name, target }) => ({
        ...target,
        annotations: { ...(target.annotations ?? {}), [REF_NAME_ANNOTATION]: name },
      }));
    await writeJsonAtomic(join(this.dir, IMAGE_LAYOUT_INDEX_FILE), {
      schemaVersion: 2,
      mediaType: MediaTypes.OciIndex,
      manifests,
    });
  }
}
