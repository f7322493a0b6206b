import type { ConfigKeySpec, ConfigType } from './schema';

// Parsing and checking of single values. Each returns the typed value or a phrase saying what
// is wrong ("must be an integer, got \"abc\""), which the loader prefixes with where it came from.
export type Checked = { ok: true; value: unknown } | { ok: false; problem: string };

const article: Record<ConfigType, string> = {
  string: 'a string',
  number: 'a number',
  integer: 'an integer',
  boolean: 'a boolean',
  'string[]': 'a list of strings',
};

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (value === null) return 'null';
  return typeof value === 'string' ? JSON.stringify(value) : typeof value;
}

function checkChoices(spec: ConfigKeySpec, value: unknown): Checked {
  if (spec.choices && typeof value === 'string' && !spec.choices.includes(value)) {
    return { ok: false, problem: `must be one of ${spec.choices.join(', ')}, got ${JSON.stringify(value)}` };
  }
  return { ok: true, value };
}

/** Checks a value that already has a JSON type (config file, typed flags). */
export function checkTyped(spec: ConfigKeySpec, value: unknown): Checked {
  const ok =
    (spec.type === 'string' && typeof value === 'string') ||
    (spec.type === 'number' && typeof value === 'number' && Number.isFinite(value)) ||
    (spec.type === 'integer' && Number.isSafeInteger(value)) ||
    (spec.type === 'boolean' && typeof value === 'boolean') ||
    (spec.type === 'string[]' && Array.isArray(value) && value.every((item) => typeof item === 'string'));
  if (!ok) return { ok: false, problem: `must be ${article[spec.type]}, got ${describe(value)}` };
  return checkChoices(spec, value);
}

const TRUE = ['true', '1', 'yes', 'on'];
const FALSE = ['false', '0', 'no', 'off'];

/** Parses a value given as text (environment, untyped flags). Lists are comma-separated. */
export function parseText(spec: ConfigKeySpec, text: string): Checked {
  const trimmed = text.trim();
  const bad: Checked = { ok: false, problem: `must be ${article[spec.type]}, got ${JSON.stringify(text)}` };
  switch (spec.type) {
    case 'string':
      return checkChoices(spec, text);
    case 'number': {
      const value = Number(trimmed);
      return trimmed !== '' && Number.isFinite(value) ? { ok: true, value } : bad;
    }
    case 'integer': {
      const value = Number(trimmed);
      return /^[-+]?\d+$/.test(trimmed) && Number.isSafeInteger(value) ? { ok: true, value } : bad;
    }
    case 'boolean': {
      const lower = trimmed.toLowerCase();
      if (TRUE.includes(lower)) return { ok: true, value: true };
      if (FALSE.includes(lower)) return { ok: true, value: false };
      return bad;
    }
    case 'string[]':
      return {
        ok: true,
        value: text
          .split(',')
          .map((item) => item.trim())
          .filter((item) => item !== ''),
      };
  }
}
