// Typed reads of raw YAML values. Every failure is a ComposeFileError naming the file, the key
// path and the line, so each normaliser states what it expects and nothing more.
import { ComposeFileError } from '../errors';
import { formatKeyPath, type KeyPath } from '../load/key-path';
import type { SourceFile } from '../load/source-file';

export class Reader {
  constructor(readonly source: SourceFile) {}

  fail(path: KeyPath, problem: string): ComposeFileError {
    return new ComposeFileError(this.source.shownAs, formatKeyPath(path), problem, this.source.lineOf(path));
  }

  mapping(value: unknown, path: KeyPath): Record<string, unknown> {
    if (value === null || typeof value !== 'object' || Array.isArray(value))
      throw this.fail(path, 'must be a mapping');
    return value as Record<string, unknown>;
  }

  /** Rejects keys outside `allowed`: unknown keys are reported, not silently ignored. */
  keys(value: Record<string, unknown>, path: KeyPath, allowed: ReadonlySet<string>): void {
    for (const key of Object.keys(value)) {
      if (!allowed.has(key) && !key.startsWith('x-')) throw this.fail([...path, key], `unknown key "${key}"`);
    }
  }

  list(value: unknown, path: KeyPath): unknown[] {
    if (!Array.isArray(value)) throw this.fail(path, 'must be a list');
    return value;
  }

  string(value: unknown, path: KeyPath): string {
    if (typeof value === 'string') return value;
    if (typeof value === 'number') return String(value);
    throw this.fail(path, 'must be a string');
  }

  boolean(value: unknown, path: KeyPath): boolean {
    if (typeof value === 'boolean') return value;
    if (value === 'true' || value === 'false') return value === 'true';
    throw this.fail(path, 'must be a boolean');
  }

  integer(value: unknown, path: KeyPath, min = 0): number {
    const number = typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;
    if (typeof number !== 'number' || !Number.isSafeInteger(number) || number < min) {
      throw this.fail(path, `must be an integer${min === 0 ? ' >= 0' : ` >= ${min}`}`);
    }
    return number;
  }

  stringList(value: unknown, path: KeyPath): string[] {
    return this.list(value, path).map((item, i) => this.string(item, [...path, i]));
  }

  /** A command: a list as is, or a string split as a POSIX shell would (quotes, backslashes). */
  command(value: unknown, path: KeyPath): string[] {
    if (typeof value === 'string') return splitShellWords(value, () => this.fail(path, 'unterminated quote'));
    return this.stringList(value, path);
  }

  /**
   * `KEY: value` mapping or `KEY=value` list (environment, labels, build args). A list entry
   * without `=`, or a null mapping value, is `null` (unset) when `allowNull`.
   */
  keyValues(value: unknown, path: KeyPath, allowNull: boolean): Record<string, string | null> {
    const out: Record<string, string | null> = {};
    if (Array.isArray(value)) {
      value.forEach((item, i) => {
        const entry = this.string(item, [...path, i]);
        const eq = entry.indexOf('=');
        if (eq === 0) throw this.fail([...path, i], `invalid entry "${entry}": empty name`);
        if (eq < 0 && !allowNull)
          throw this.fail([...path, i], `invalid entry "${entry}": expected KEY=value`);
        out[eq < 0 ? entry : entry.slice(0, eq)] = eq < 0 ? null : entry.slice(eq + 1);
      });
      return out;
    }
    for (const [key, item] of Object.entries(this.mapping(value, path))) {
      if (item === null || item === undefined) {
        if (!allowNull) throw this.fail([...path, key], 'must have a value');
        out[key] = null;
      } else if (typeof item === 'object') {
        throw this.fail([...path, key], 'must be a string, number or boolean');
      } else {
        out[key] = String(item);
      }
    }
    return out;
  }

  /** keyValues without nulls. */
  stringMap(value: unknown, path: KeyPath): Record<string, string> {
    return this.keyValues(value, path, false) as Record<string, string>;
  }
}

/** Splits a command string into words: single quotes literal, double quotes with \ escapes. */
export function splitShellWords(text: string, unterminated: () => Error): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "'") {
      const end = text.indexOf("'", i + 1);
      if (end < 0) throw unterminated();
      word += text.slice(i + 1, end);
      inWord = true;
      i = end;
    } else if (c === '"') {
      i++;
      for (; i < text.length && text[i] !== '"'; i++) {
        if (text[i] === '\\' && '"\\$`'.includes(text[i + 1] ?? '')) i++;
        word += text[i];
      }
      if (i >= text.length) throw unterminated();
      inWord = true;
    } else if (c === '\\' && i + 1 < text.length) {
      word += text[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (inWord) words.push(word);
  return words;
}
