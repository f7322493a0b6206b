// Variable interpolation as the Compose Specification defines it: `$VAR`, `${VAR}`,
// `${VAR:-default}`, `${VAR-default}`, `${VAR:?error}`, `${VAR?error}`, `${VAR:+alt}`,
// `${VAR+alt}` and `$$` for a literal `$`. Defaults may themselves hold variables.

export type Lookup = (name: string) => string | undefined;

/** Why a string could not be interpolated; the loader adds the file and key path. */
export class InterpolationProblem extends Error {
  constructor(
    message: string,
    readonly missingVariable?: string,
  ) {
    super(message);
  }
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;

/** Replaces every variable reference in `text`. */
export function interpolate(text: string, lookup: Lookup): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const dollar = text.indexOf('$', i);
    if (dollar < 0) return out + text.slice(i);
    out += text.slice(i, dollar);
    const next = text[dollar + 1];
    if (next === '$') {
      out += '$';
      i = dollar + 2;
    } else if (next === '{') {
      const close = matchingBrace(text, dollar + 2);
      if (close < 0) throw new InterpolationProblem(`invalid interpolation format in "${text}": missing "}"`);
      out += expandBraced(text.slice(dollar + 2, close), lookup, text);
      i = close + 1;
    } else {
      const name = NAME.exec(text.slice(dollar + 1))?.[0];
      if (!name) {
        // A lone `$` (before a digit, a space, the end) stays as written, as docker compose does.
        out += '$';
        i = dollar + 1;
      } else {
        out += lookup(name) ?? '';
        i = dollar + 1 + name.length;
      }
    }
  }
  return out;
}

function matchingBrace(text: string, from: number): number {
  let depth = 1;
  for (let i = from; i < text.length; i++) {
    if (text[i] === '$' && text[i + 1] === '{') {
      depth++;
      i++;
    } else if (text[i] === '}' && --depth === 0) {
      return i;
    }
  }
  return -1;
}

function expandBraced(inner: string, lookup: Lookup, whole: string): string {
  const name = NAME.exec(inner)?.[0];
  if (!name)
    throw new InterpolationProblem(
      `invalid interpolation format in "${whole}": bad variable name in "\${${inner}}"`,
    );
  const rest = inner.slice(name.length);
  if (rest === '') return lookup(name) ?? '';
  const operator = /^(:?[-?+])/.exec(rest)?.[1];
  if (!operator)
    throw new InterpolationProblem(
      `invalid interpolation format in "${whole}": unexpected "${rest}" after ${name}`,
    );
  const argument = () => interpolate(rest.slice(operator.length), lookup);
  const value = lookup(name);
  // With a colon, an empty value counts as unset.
  const set = operator.startsWith(':') ? value !== undefined && value !== '' : value !== undefined;
  switch (operator.replace(':', '')) {
    case '-':
      return set ? (value as string) : argument();
    case '+':
      return set ? argument() : '';
    default: {
      if (set) return value as string;
      const why = argument();
      throw new InterpolationProblem(
        `required variable ${name} is missing a value${why ? `: ${why}` : ''}`,
        name,
      );
    }
  }
}
