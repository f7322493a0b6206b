// Docker's path patterns, shared by .dockerignore and COPY/ADD source globs: Go filepath.Match
// syntax (`*`, `?`, `[...]`, `\` escapes) where `*` and `?` never cross a `/`, plus `**` for any
// number of directories (zero included).

export class PatternSyntaxError extends Error {}

/** Lexically cleans a slash path like Go's path.Clean (no leading `./`, no `..` past the top). */
export function cleanPath(path: string): string {
  const absolute = path.startsWith('/');
  const parts: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (parts.length > 0 && parts[parts.length - 1] !== '..') parts.pop();
      else if (!absolute) parts.push('..');
    } else parts.push(part);
  }
  const joined = parts.join('/');
  if (absolute) return '/' + joined;
  return joined === '' ? '.' : joined;
}

export function hasGlobMeta(text: string): boolean {
  return /[*?[\\]/.test(text);
}

/** Compiles a cleaned, relative pattern into an anchored regular expression. */
export function compilePathPattern(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === '*') {
      if (pattern[i + 1] === '*') {
        i++;
        // `**/` also matches no directory at all; a trailing `**` matches everything below.
        if (pattern[i + 1] === '/') {
          i++;
          source += '(?:.*/)?';
        } else source += '.*';
      } else source += '[^/]*';
    } else if (ch === '?') source += '[^/]';
    else if (ch === '[') {
      const end = classEnd(pattern, i);
      let body = pattern.slice(i + 1, end);
      const negated = body.startsWith('^') || body.startsWith('!');
      if (negated) body = body.slice(1);
      const members = body.replace(/\\?([\s\S])/g, (whole, c: string) =>
        whole === '-' ? '-' : escapeRegExp(c),
      );
      source += `[${negated ? '^' : ''}${members}]`;
      i = end;
    } else if (ch === '\\') {
      if (i + 1 >= pattern.length) throw new PatternSyntaxError('trailing backslash');
      source += escapeRegExp(pattern[++i]);
    } else source += escapeRegExp(ch);
  }
  return new RegExp(`^${source}$`, 's');
}

function classEnd(pattern: string, start: number): number {
  for (let i = start + 1; i < pattern.length; i++) {
    if (pattern[i] === '\\') i++;
    else if (pattern[i] === ']') return i;
  }
  throw new PatternSyntaxError('unterminated character class');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}
