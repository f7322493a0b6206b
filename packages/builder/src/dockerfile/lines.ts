// Splits a Dockerfile into logical instructions with docker's line rules: parser directives at the
// top, comment lines dropped (also inside continuations), the escape character at the end of a
// line joining it with the next, empty continuation lines skipped, heredoc bodies attached to
// the RUN/COPY/ADD that opens them.

import { DockerfileError } from '../errors';
import { readDirectives, type Directives } from './directives';
import { findHeredocMarkers, readHeredocBodies, type Heredoc } from './heredoc';

export interface RawInstruction {
  /** Upper-cased instruction keyword, e.g. `COPY`. */
  keyword: string;
  /** Everything after the keyword, continuations joined, trimmed. */
  args: string;
  /** The logical line as written (keyword included, continuations joined). */
  original: string;
  /** 1-based line where the instruction starts. */
  line: number;
  heredocs: Heredoc[];
}

export interface DockerfileLines {
  directives: Directives;
  instructions: RawInstruction[];
}

const HEREDOC_INSTRUCTIONS = new Set(['RUN', 'COPY', 'ADD']);
const COMMENT = /^[ \t]*#/;

export function splitDockerfile(text: string, file = 'Dockerfile'): DockerfileLines {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const { directives, consumed } = readDirectives(lines, file);
  const continuation = new RegExp(`${escapeRegExp(directives.escape)}[ \\t]*$`);
  const instructions: RawInstruction[] = [];

  let index = consumed;
  while (index < lines.length) {
    const startLine = index + 1;
    const first = lines[index++];
    if (COMMENT.test(first) || first.trim() === '') continue;
    let logical = first.trimStart();
    let open = continuation.test(logical);
    if (open) logical = logical.replace(continuation, '');
    while (open && index < lines.length) {
      const next = lines[index++];
      if (COMMENT.test(next) || next.trim() === '') continue;
      open = continuation.test(next);
      logical += open ? next.replace(continuation, '') : next;
    }
    if (logical.trim() === '') continue;

    const trimmed = logical.trim();
    const match = /^(\S+)\s*([\s\S]*)$/.exec(trimmed);
    const keyword = (match?.[1] ?? trimmed).toUpperCase();
    const args = match?.[2] ?? '';
    let heredocs: Heredoc[] = [];
    if (HEREDOC_INSTRUCTIONS.has(keyword)) {
      const markers = findHeredocMarkers(args, directives.escape);
      if (markers.length > 0) {
        const bodies = readHeredocBodies(lines, index, markers);
        if ('unterminated' in bodies) {
          throw new DockerfileError(
            file,
            startLine,
            `${keyword}: unterminated heredoc ${bodies.unterminated.name}`,
          );
        }
        heredocs = bodies.heredocs;
        index = bodies.next;
      }
    }
    instructions.push({ keyword, args, original: trimmed, line: startLine, heredocs });
  }
  return { directives, instructions };
}

function escapeRegExp(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|`]/g, '\\$&');
}
