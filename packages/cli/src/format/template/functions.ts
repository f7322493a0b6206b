import { goPrint, isTrue } from './go-print';

export type TemplateFunction = (...args: unknown[]) => unknown;

const asString = (value: unknown): string => (typeof value === 'string' ? value : goPrint(value));

/** Go's printf for the verbs people use in --format: %s %v %d %q %%, with widths like %-20s. */
function printf(format: unknown, ...args: unknown[]): string {
  let next = 0;
  return asString(format).replace(/%(-?)(\d*)([svdq%])/g, (_, left: string, width: string, verb: string) => {
    if (verb === '%') return '%';
    const arg = args[next++];
    let text =
      verb === 'q'
        ? JSON.stringify(asString(arg))
        : verb === 'd'
          ? String(Math.trunc(Number(arg)))
          : asString(arg);
    if (width) text = left ? text.padEnd(Number(width)) : text.padStart(Number(width));
    return text;
  });
}

function index(collection: unknown, ...keys: unknown[]): unknown {
  let current = collection;
  for (const key of keys) {
    if (current === null || current === undefined) return undefined;
    if (Array.isArray(current)) {
      const at = Number(key);
      if (!Number.isInteger(at) || at < 0 || at >= current.length)
        throw new Error(`index out of range: ${String(key)}`);
      current = current[at];
    } else if (typeof current === 'object') {
      current = (current as Record<string, unknown>)[String(key)];
    } else {
      throw new Error(`can't index item of type ${typeof current}`);
    }
  }
  return current;
}

/** Go's `eq`: true when the first argument equals any of the others. */
const eq = (first: unknown, ...others: unknown[]): boolean => others.some((other) => other === first);

/** Go's builtins and docker's template functions that --format users rely on. */
export const TEMPLATE_FUNCTIONS: Record<string, TemplateFunction> = {
  json: (value) => JSON.stringify(value ?? null),
  index: index as TemplateFunction,
  len: (value) =>
    Array.isArray(value) || typeof value === 'string' ? value.length : Object.keys(value ?? {}).length,
  join: (items, separator) =>
    Array.isArray(items) ? items.map(asString).join(asString(separator)) : asString(items),
  split: (text, separator) => asString(text).split(asString(separator)),
  upper: (text) => asString(text).toUpperCase(),
  lower: (text) => asString(text).toLowerCase(),
  title: (text) =>
    asString(text).replace(
      /(^|[^\p{L}\p{N}])(\p{L})/gu,
      (_, before: string, letter: string) => before + letter.toUpperCase(),
    ),
  truncate: (text, length) => [...asString(text)].slice(0, Number(length)).join(''),
  pad: (text, before, after) => ' '.repeat(Number(before)) + asString(text) + ' '.repeat(Number(after)),
  print: (...args) => args.map(asString).join(''),
  println: (...args) => `${args.map(asString).join(' ')}\n`,
  printf: printf as TemplateFunction,
  eq: eq as TemplateFunction,
  ne: (a, b) => a !== b,
  not: (value) => !isTrue(value),
  and: (...args) => args.find((arg) => !isTrue(arg)) ?? args[args.length - 1],
  or: (...args) => args.find((arg) => isTrue(arg)) ?? args[args.length - 1],
};
