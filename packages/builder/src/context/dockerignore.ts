// .dockerignore with docker's rules: one pattern a line, `#` comments, surrounding whitespace
// trimmed, paths cleaned and relative to the context root, `!` re-includes, the last matching
// pattern wins, and a pattern that matches a directory excludes everything below it.

import { IgnorePatternError } from '../errors';
import { cleanPath, compilePathPattern, PatternSyntaxError } from './path-pattern';

interface IgnoreRule {
  text: string;
  exclusion: boolean;
  regex: RegExp;
  depth: number;
}

export class IgnoreMatcher {
  private readonly rules: IgnoreRule[];

  constructor(patterns: readonly string[]) {
    this.rules = patterns.map(compileRule).filter((rule): rule is IgnoreRule => rule !== undefined);
  }

  static parse(text: string): IgnoreMatcher {
    return new IgnoreMatcher(text.split(/\r?\n/).filter((line) => !line.startsWith('#')));
  }

  /** True when a `!` rule exists, so excluded directories must still be walked. */
  get hasExceptions(): boolean {
    return this.rules.some((rule) => rule.exclusion);
  }

  /**
   * Whether the context-relative slash path is ignored. Walkers pass whether the parent
   * directory was ignored (docker's MatchesUsingParentResults), so a `tmp` pattern under `**`
   * also covers `a/b/tmp/file`; without it, the path's leading directories are matched as docker's
   * older Matches does.
   */
  ignores(path: string, parentIgnored?: boolean): boolean {
    const clean = cleanPath(path);
    const parts = clean.split('/');
    let ignored = parentIgnored ?? false;
    for (const rule of this.rules) {
      if (rule.exclusion !== ignored) continue;
      let match = rule.regex.test(clean);
      if (!match && parentIgnored === undefined && parts.length > rule.depth) {
        match = rule.regex.test(parts.slice(0, rule.depth).join('/'));
      }
      if (match) ignored = !rule.exclusion;
    }
    return ignored;
  }
}

function compileRule(line: string): IgnoreRule | undefined {
  let text = line.trim();
  if (text === '') return undefined;
  const exclusion = text.startsWith('!');
  if (exclusion) text = text.slice(1).trim();
  if (text === '') throw new IgnorePatternError(line, 'illegal exclusion pattern: "!"');
  let clean = cleanPath(text);
  if (clean.startsWith('/')) clean = clean === '/' ? '.' : clean.slice(1);
  try {
    return { text: line, exclusion, regex: compilePathPattern(clean), depth: clean.split('/').length };
  } catch (error) {
    if (error instanceof PatternSyntaxError) throw new IgnorePatternError(line, error.message);
    throw error;
  }
}
