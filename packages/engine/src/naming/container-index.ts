// Finds containers by what users type: the full id, a unique id prefix, or the name (with or
// without docker's leading "/"). Names are unique; exact ids and names win over prefixes.
import {
  AmbiguousContainerError,
  ContainerNotFoundError,
  InvalidOptionError,
  NameInUseError,
} from '../errors';
import { randomName } from './random-name';

export const NAME_PATTERN = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;

/** Checks a user-given name and strips docker's optional leading "/". */
export function checkName(name: string): string {
  const bare = name.startsWith('/') ? name.slice(1) : name;
  if (!NAME_PATTERN.test(bare))
    throw new InvalidOptionError(
      'name',
      `"${name}" is not a valid container name: only [a-zA-Z0-9][a-zA-Z0-9_.-]* are allowed`,
    );
  return bare;
}

export class ContainerIndex {
  private readonly idsByName = new Map<string, string>();
  private readonly namesById = new Map<string, string>();

  /** Records a container; fails if its name is taken by another. */
  add(id: string, name: string): void {
    const holder = this.idsByName.get(name);
    if (holder !== undefined && holder !== id) throw new NameInUseError(name, holder);
    this.idsByName.set(name, id);
    this.namesById.set(id, name);
  }

  remove(id: string): void {
    const name = this.namesById.get(id);
    if (name !== undefined) this.idsByName.delete(name);
    this.namesById.delete(id);
  }

  rename(id: string, newName: string): void {
    const holder = this.idsByName.get(newName);
    if (holder !== undefined && holder !== id) throw new NameInUseError(newName, holder);
    this.remove(id);
    this.add(id, newName);
  }

  nameOf(id: string): string | undefined {
    return this.namesById.get(id);
  }

  /** The holder of `name`, if any. */
  idOfName(name: string): string | undefined {
    return this.idsByName.get(name);
  }

  /** A free random name. */
  freeName(pick?: (max: number) => number): string {
    for (let attempt = 0; ; attempt++) {
      const name = randomName(attempt, pick);
      if (!this.idsByName.has(name)) return name;
    }
  }

  /** Resolves a reference to an id, or throws NotFound / ambiguous. */
  resolve(ref: string): string {
    const trimmed = ref.trim();
    if (trimmed === '') throw new InvalidOptionError('container', 'empty container name or id');
    if (this.namesById.has(trimmed)) return trimmed;
    const byName = this.idsByName.get(trimmed.startsWith('/') ? trimmed.slice(1) : trimmed);
    if (byName !== undefined) return byName;
    if (/^[0-9a-f]+$/.test(trimmed)) {
      const matches = [...this.namesById.keys()].filter((id) => id.startsWith(trimmed));
      if (matches.length === 1) return matches[0];
      if (matches.length > 1) throw new AmbiguousContainerError(trimmed);
    }
    throw new ContainerNotFoundError(trimmed);
  }

  ids(): string[] {
    return [...this.namesById.keys()];
  }
}
