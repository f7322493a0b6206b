import type { Check } from './check';
import { rule } from './check';

export const quote = (value: string): string => JSON.stringify(value);

export const anyString: Check<string> = (value, path, issues) => {
  if (typeof value === 'string') return value;
  issues.add(path, `must be a string, got ${describeType(value)}`);
  return undefined;
};

export const nonEmptyString: Check<string> = rule(anyString, (s) =>
  s === '' ? 'must not be empty' : undefined,
);

/** Any JSON value, for free-form members such as a registry error's `detail`. */
export const anyValue: Check<unknown> = (value) => value;

export const boolean: Check<boolean> = (value, path, issues) => {
  if (typeof value === 'boolean') return value;
  issues.add(path, `must be a boolean, got ${describeType(value)}`);
  return undefined;
};

/** A string matching `pattern`; `what` completes "must be ..." in the message. */
export function matching(pattern: RegExp, what: string): Check<string> {
  return rule(anyString, (s) => (pattern.test(s) ? undefined : `must be ${what}, got ${quote(s)}`));
}

/** One of a fixed set of names; `label` names the kind of thing: `unknown namespace "bogus"`. */
export function oneOf<T extends string>(values: readonly T[], label: string): Check<T> {
  const known = new Set<string>(values);
  return rule(anyString, (s) => (known.has(s) ? undefined : `unknown ${label} ${quote(s)}`)) as Check<T>;
}

export function literal<T extends string | number>(expected: T): Check<T> {
  return (value, path, issues) => {
    if (value === expected) return expected;
    issues.add(path, `must be ${JSON.stringify(expected)}`);
    return undefined;
  };
}

export const absolutePath: Check<string> = rule(anyString, (s) =>
  s.startsWith('/') ? undefined : `must be an absolute path, got ${quote(s)}`,
);

export interface IntegerBounds {
  readonly min?: number;
  readonly max?: number;
}

/**
 * An integral JSON number within bounds. 64-bit values beyond 2^53 arrive already rounded by
 * JSON.parse; they are still integers and compare correctly against the bounds.
 */
export function integer(bounds: IntegerBounds = {}): Check<number> {
  return (value, path, issues) => {
    if (typeof value !== 'number' || !Number.isInteger(value)) {
      issues.add(path, `must be an integer, got ${describeType(value)}`);
      return undefined;
    }
    if (bounds.min !== undefined && value < bounds.min) {
      issues.add(path, `must be >= ${bounds.min}, got ${value}`);
      return undefined;
    }
    if (bounds.max !== undefined && value > bounds.max) {
      issues.add(path, `must be <= ${bounds.max}, got ${value}`);
      return undefined;
    }
    return value;
  };
}

export const uint16 = integer({ min: 0, max: 0xffff });
export const uint32 = integer({ min: 0, max: 0xffffffff });
export const int32 = integer({ min: -0x80000000, max: 0x7fffffff });
export const uint64 = integer({ min: 0, max: 2 ** 64 });
export const int64 = integer({ min: -(2 ** 63), max: 2 ** 63 });

export function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return `string ${quote(value)}`;
  if (typeof value === 'number' || typeof value === 'boolean') return `${typeof value} ${String(value)}`;
  return typeof value;
}
