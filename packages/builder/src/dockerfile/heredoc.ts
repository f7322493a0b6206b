// Heredocs (`<<EOF`, `<<-EOF`, `<<"EOF"`) in RUN, COPY and ADD: found among the words of the
// instruction line, their bodies read from the lines that follow it.

import { ShellLexer, splitWordsKeepingQuotes } from './shell-lexer';

export interface Heredoc {
  /** The delimiter word, which COPY/ADD also use as the source file name. */
  name: string;
  /** The body, each line ending in a newline; leading tabs removed for `<<-`. */
  content: string;
  /** False when the delimiter was quoted: the body is then taken literally. */
  expand: boolean;
  chomp: boolean;
}

const HEREDOC_WORD = /^(\d*)<<(-?)([^<]*)$/;

export interface HeredocMarker {
  name: string;
  expand: boolean;
  chomp: boolean;
}

/** The heredoc a single (unexpanded) word opens, e.g. `<<EOF`, `<<-"EOF"`; undefined otherwise. */
export function parseHeredocWord(word: string, escape: string): HeredocMarker | undefined {
  const match = HEREDOC_WORD.exec(word);
  if (match === null || match[3] === '') return undefined;
  const name = new ShellLexer(escape, () => undefined).processWord(match[3]);
  if (name === '') return undefined;
  return { name, expand: !/["']/.test(match[3]), chomp: match[2] === '-' };
}

/** Finds heredoc markers among the (unexpanded) words of an instruction line. */
export function findHeredocMarkers(line: string, escape: string): HeredocMarker[] {
  return splitWordsKeepingQuotes(line, escape)
    .map((word) => parseHeredocWord(word, escape))
    .filter((marker): marker is HeredocMarker => marker !== undefined);
}

/**
 * Reads the bodies of `markers` from `lines` starting at `start`.
 * Returns the heredocs and the index of the first line after the last terminator, or the
 * marker whose terminator never came.
 */
export function readHeredocBodies(
  lines: readonly string[],
  start: number,
  markers: readonly HeredocMarker[],
): { heredocs: Heredoc[]; next: number } | { unterminated: HeredocMarker } {
  const heredocs: Heredoc[] = [];
  let index = start;
  for (const marker of markers) {
    let content = '';
    let terminated = false;
    for (; index < lines.length; index++) {
      const line = marker.chomp ? lines[index].replace(/^\t+/, '') : lines[index];
      if (line === marker.name) {
        terminated = true;
        index++;
        break;
      }
      content += line + '\n';
    }
    if (!terminated) return { unterminated: marker };
    heredocs.push({ ...marker, content });
  }
  return { heredocs, next: index };
}
