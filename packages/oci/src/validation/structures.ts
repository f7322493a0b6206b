import type { Check } from './check';
import { itemPath, memberPath } from './issues';
import { describeType, quote } from './primitives';

export interface FieldRule<V> {
  readonly required: boolean;
  readonly check: Check<V>;
}

/** A member that must be present (and not null). */
export function required<V>(check: Check<V>): FieldRule<V> {
  return { required: true, check };
}

/** A member that may be absent; `null` counts as absent, as Go's encoding/json treats it. */
export function optional<V>(check: Check<V>): FieldRule<V> {
  return { required: false, check };
}

/** One rule for every member of T, so a type and its schema cannot drift apart. */
export type Shape<T> = { readonly [K in keyof T]-?: FieldRule<Exclude<T[K], undefined>> };

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Checks the known members of an object. Unknown members are kept untouched: the OCI specs
 * require readers to ignore, not reject, properties they do not know.
 */
export function object<T>(shape: Shape<T>): Check<T> {
  const entries = Object.entries(shape) as [string, FieldRule<unknown>][];
  return (value, path, issues) => {
    if (!isPlainObject(value)) {
      issues.add(path, `must be an object, got ${describeType(value)}`);
      return undefined;
    }
    const result: Record<string, unknown> = { ...value };
    let valid = true;
    for (const [key, fieldRule] of entries) {
      const fieldPath = memberPath(path, key);
      const member = value[key];
      if (member === undefined || member === null) {
        delete result[key];
        if (fieldRule.required) {
          issues.add(fieldPath, 'missing');
          valid = false;
        }
        continue;
      }
      const checked = fieldRule.check(member, fieldPath, issues);
      if (checked === undefined) valid = false;
      else result[key] = checked;
    }
    return valid ? (result as T) : undefined;
  };
}

export interface UniqueBy<T> {
  /** The member that must be unique; issues point at it: `rlimits[1].type`. */
  readonly member: string;
  readonly key: (item: T) => string;
  /** Names the kind of thing in `duplicate rlimit "RLIMIT_NOFILE"`. */
  readonly label: string;
}

export interface ArrayOptions<T> {
  readonly minItems?: number;
  readonly uniqueBy?: UniqueBy<T>;
}

export function arrayOf<T>(check: Check<T>, options: ArrayOptions<T> = {}): Check<T[]> {
  return (value, path, issues) => {
    if (!Array.isArray(value)) {
      issues.add(path, `must be an array, got ${describeType(value)}`);
      return undefined;
    }
    if (options.minItems !== undefined && value.length < options.minItems) {
      issues.add(
        path,
        `must have at least ${options.minItems} ${options.minItems === 1 ? 'entry' : 'entries'}`,
      );
      return undefined;
    }
    const result: T[] = [];
    let valid = true;
    const seen = new Set<string>();
    value.forEach((item, index) => {
      const checked = check(item, itemPath(path, index), issues);
      if (checked === undefined) {
        valid = false;
        return;
      }
      result.push(checked);
      const unique = options.uniqueBy;
      if (unique === undefined) return;
      const key = unique.key(checked);
      if (seen.has(key)) {
        issues.add(
          memberPath(itemPath(path, index), unique.member),
          `duplicate ${unique.label} ${quote(key)}`,
        );
        valid = false;
      }
      seen.add(key);
    });
    return valid ? result : undefined;
  };
}

/** An array of strings where each must be different (capability sets, flags, ...). */
export function setOf<T extends string>(check: Check<T>, label: string): Check<T[]> {
  return (value, path, issues) => {
    const result = arrayOf(check)(value, path, issues);
    if (result === undefined) return undefined;
    const seen = new Set<string>();
    let valid = true;
    result.forEach((item, index) => {
      if (seen.has(item)) {
        issues.add(itemPath(path, index), `duplicate ${label} ${quote(item)}`);
        valid = false;
      }
      seen.add(item);
    });
    return valid ? result : undefined;
  };
}

/** A JSON object used as a map; `keyProblem` returns why a key is unacceptable, or undefined. */
export function recordOf<V>(
  check: Check<V>,
  keyProblem: (key: string) => string | undefined = () => undefined,
): Check<Record<string, V>> {
  return (value, path, issues) => {
    if (!isPlainObject(value)) {
      issues.add(path, `must be an object, got ${describeType(value)}`);
      return undefined;
    }
    const result: Record<string, V> = {};
    let valid = true;
    for (const [key, member] of Object.entries(value)) {
      const memberAt = memberPath(path, key);
      const problem = keyProblem(key);
      if (problem !== undefined) {
        issues.add(memberAt, problem);
        valid = false;
        continue;
      }
      const checked = check(member, memberAt, issues);
      if (checked === undefined) valid = false;
      else result[key] = checked;
    }
    return valid ? result : undefined;
  };
}

/** `{}` values as used by ExposedPorts and Volumes: any object, contents ignored. */
export const emptyObject: Check<Record<string, never>> = (value, path, issues) => {
  if (isPlainObject(value)) return {};
  issues.add(path, `must be an object, got ${describeType(value)}`);
  return undefined;
};
