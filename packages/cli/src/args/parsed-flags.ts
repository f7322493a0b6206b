import type { FlagSpec } from './flag-spec';

/** The values given on the command line, read by long name; absent flags read as unset. */
export class ParsedFlags {
  private readonly values = new Map<string, string | boolean | string[]>();

  constructor(private readonly specs: readonly FlagSpec[]) {}

  /** @internal used by the parser */
  set(spec: FlagSpec, value: string | boolean): void {
    if (spec.kind === 'list') {
      const previous = (this.values.get(spec.name) as string[] | undefined) ?? [];
      this.values.set(spec.name, [...previous, value as string]);
    } else {
      this.values.set(spec.name, value);
    }
  }

  /** Whether the flag was given at all (`--rm=false` counts as given). */
  has(name: string): boolean {
    this.assertKnown(name);
    return this.values.has(name);
  }

  boolean(name: string): boolean {
    this.assertKnown(name);
    return this.values.get(name) === true;
  }

  string(name: string): string | undefined {
    this.assertKnown(name);
    const value = this.values.get(name);
    return typeof value === 'string' ? value : undefined;
  }

  list(name: string): string[] {
    this.assertKnown(name);
    const value = this.values.get(name);
    return Array.isArray(value) ? value : [];
  }

  // A typo in a command's code must fail its tests, not read silently as "flag not given".
  private assertKnown(name: string): void {
    if (!this.specs.some((spec) => spec.name === name)) throw new Error(`flag --${name} is not declared`);
  }
}
