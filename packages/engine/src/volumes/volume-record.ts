// What the engine keeps per volume, beside its data directory.
import type { VolumeMountOptions } from './volume-mount';

export interface VolumeRecord {
  version: 1;
  name: string;
  /** ISO time. */
  createdAt: string;
  labels: Record<string, string>;
  /** Created without a name by a container mount. */
  anonymous: boolean;
  /** Image content was copied in (or copying was declined): never copy again. */
  populated: boolean;
  /** Local driver options: the data directory is a mount of this while containers use it. */
  options?: VolumeMountOptions;
}
