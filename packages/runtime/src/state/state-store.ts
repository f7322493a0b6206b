import {
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  rmSync,
  rmdirSync,
  statSync,
  unlinkSync,
} from 'node:fs';
import * as path from 'node:path';
import { ContainerExistsError, ContainerNotFoundError, InvalidConfigError } from '../errors';
import { writeJsonAtomic } from './atomic-write';
import type { ContainerRecord } from './container-record';
import { withContainerLock } from './container-lock';

export const DEFAULT_ROOT = '/run/berth/runtime';

const ID_PATTERN = /^[\w+.-]+$/;

/** Containers' state under --root: one directory per container holding state.json and the exec fifo. */
export class StateStore {
  readonly root: string;

  constructor(root: string = DEFAULT_ROOT) {
    this.root = path.resolve(root);
  }

  static checkId(id: string): void {
    if (!id) throw new InvalidConfigError('container id cannot be empty');
    if (!ID_PATTERN.test(id) || id === '.' || id === '..')
      throw new InvalidConfigError(`invalid container id format: ${id}`);
  }

  dir(id: string): string {
    StateStore.checkId(id);
    return path.join(this.root, id);
  }

  fifoPath(id: string): string {
    return path.join(this.dir(id), 'exec.fifo');
  }

  /** Runs fn holding the container's lock (taken over if its holder died). */
  locked<T>(id: string, fn: () => Promise<T>): Promise<T> {
    mkdirSync(this.root, { recursive: true, mode: 0o700 });
    return withContainerLock(path.join(this.root, `.${this.dirName(id)}.lock`), fn);
  }

  /** Makes the container's directory; refuses an id that exists. */
  reserve(id: string): string {
    const dir = this.dir(id);
    mkdirSync(this.root, { recursive: true, mode: 0o700 });
    try {
      mkdirSync(dir, { mode: 0o711 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new ContainerExistsError(id);
      throw error;
    }
    return dir;
  }

  save(record: ContainerRecord): void {
    writeJsonAtomic(path.join(this.dir(record.id), 'state.json'), record);
  }

  load(id: string): ContainerRecord {
    const file = path.join(this.dir(id), 'state.json');
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new ContainerNotFoundError(id);
      throw error;
    }
    return JSON.parse(text) as ContainerRecord;
  }

  exists(id: string): boolean {
    return existsSync(path.join(this.dir(id), 'state.json'));
  }

  /** Ids of every container with a state file, sorted. */
  ids(): string[] {
    let names: string[];
    try {
      names = readdirSync(this.root);
    } catch {
      return [];
    }
    return names
      .filter(
        (n) => !n.startsWith('.') && ID_PATTERN.test(n) && statSync(path.join(this.root, n)).isDirectory(),
      )
      .filter((n) => existsSync(path.join(this.root, n, 'state.json')))
      .sort();
  }

  remove(id: string): void {
    const dir = this.dir(id);
    // The directory holds only files (state.json, exec.fifo): unlink them and rmdir, which costs
    // a fraction of a recursive rmSync; anything else falls back to it.
    try {
      for (const name of readdirSync(dir)) unlinkSync(path.join(dir, name));
      rmdirSync(dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      rmSync(dir, { recursive: true, force: true });
    }
  }

  private dirName(id: string): string {
    StateStore.checkId(id);
    return id;
  }
}
