// Parser directives (`# syntax=...`, `# escape=...`, `# check=...`): only honoured at the very top
// of the Dockerfile; the first line that is not a known directive ends the section, as in docker.

import { DockerfileError } from '../errors';

export interface Directives {
  escape: string;
  syntax?: string;
  check?: string;
}

const DIRECTIVE_LINE = /^#[ \t]*([a-zA-Z][a-zA-Z0-9]*)[ \t]*=[ \t]*(.+?)[ \t]*$/;
const KNOWN = new Set(['escape', 'syntax', 'check']);

/** Reads directives from the first lines; returns them and how many lines they took. */
export function readDirectives(
  lines: readonly string[],
  file: string,
): { directives: Directives; consumed: number } {
  const directives: Directives = { escape: '\\' };
  const seen = new Set<string>();
  let index = 0;
  for (; index < lines.length; index++) {
    const match = DIRECTIVE_LINE.exec(lines[index]);
    if (match === null) break;
    const name = match[1].toLowerCase();
    if (!KNOWN.has(name)) break;
    if (seen.has(name))
      throw new DockerfileError(file, index + 1, `only one ${name} parser directive can be used`);
    seen.add(name);
    const value = match[2];
    if (name === 'escape') {
      if (value !== '\\' && value !== '`') {
        throw new DockerfileError(
          file,
          index + 1,
          `invalid escape token '${value}' does not match ` + '` or \\',
        );
      }
      directives.escape = value;
    } else if (name === 'syntax') directives.syntax = value;
    else directives.check = value;
  }
  return { directives, consumed: index };
}
