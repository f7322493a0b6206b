// Docker's variable substitution for the instructions it applies to (FROM, COPY, ADD, ENV, ARG,
// LABEL, EXPOSE, STOPSIGNAL, USER, VOLUME, WORKDIR): `$VAR`, `${VAR}`, `${VAR:-word}`,
// `${VAR-word}`, `${VAR:+word}`, `${VAR+word}`, `${VAR:?msg}`, `${VAR?msg}`, with quotes and the
// escape character handled like a POSIX shell does for one word: quotes are removed, single quotes
// stop expansion, and the escape character makes the next character literal.

/** Looks a variable up; undefined means unset (distinct from set-but-empty). */
export type VariableLookup = (name: string) => string | undefined;

export class SubstitutionError extends Error {}

const NAME_START = /[A-Za-z_]/;
const NAME_CHAR = /[A-Za-z0-9_]/;
const WHITESPACE = /[ \t\r\n]/;

/** Accumulates words; unquoted whitespace ends a word, quotes make an empty word count. */
class WordCollector {
  readonly words: string[] = [];
  private current = '';
  private started = false;

  add(text: string, splittable: boolean): void {
    for (const ch of text) {
      if (splittable && WHITESPACE.test(ch)) this.flush();
      else {
        this.current += ch;
        this.started = true;
      }
    }
  }

  markStarted(): void {
    this.started = true;
  }

  flush(): void {
    if (this.started) this.words.push(this.current);
    this.current = '';
    this.started = false;
  }
}

export class ShellLexer {
  private text = '';
  private pos = 0;

  constructor(
    private readonly escape: string,
    private readonly lookup: VariableLookup,
  ) {}

  /** Expands one word: whitespace is kept, quotes and escapes removed. */
  processWord(text: string): string {
    return this.run(text, false).join('');
  }

  /**
   * Expands a heredoc body: quotes are ordinary characters there, the escape character only
   * protects `$` and itself, everything else (newlines included) is kept.
   */
  processHeredoc(text: string): string {
    let out = '';
    this.text = text;
    this.pos = 0;
    while (this.pos < text.length) {
      const ch = text[this.pos++];
      if (ch === this.escape && (this.peek() === '$' || this.peek() === this.escape)) out += text[this.pos++];
      else if (ch === '$') out += this.dollar();
      else out += ch;
    }
    return out;
  }

  /** Expands and splits into words like the shell would (quoted whitespace does not split). */
  processWords(text: string): string[] {
    return this.run(text, true);
  }

  private run(text: string, split: boolean): string[] {
    this.text = text;
    this.pos = 0;
    const words = new WordCollector();
    this.processUntil(undefined, words, split);
    words.flush();
    return split ? words.words : [words.words.join(' ')];
  }

  private peek(): string {
    return this.text[this.pos] ?? '';
  }

  private processUntil(stop: string | undefined, out: WordCollector, split: boolean): void {
    while (this.pos < this.text.length) {
      const ch = this.text[this.pos];
      if (stop !== undefined && ch === stop) return;
      this.pos++;
      if (ch === this.escape) {
        if (this.pos < this.text.length) out.add(this.text[this.pos++], false);
        else out.add(ch, false);
      } else if (ch === "'") {
        out.markStarted();
        out.add(this.singleQuoted(), false);
      } else if (ch === '"') {
        out.markStarted();
        out.add(this.doubleQuoted(), false);
      } else if (ch === '$') {
        out.add(this.dollar(), split);
      } else {
        out.add(ch, split);
      }
    }
    if (stop !== undefined) throw new SubstitutionError(`missing '${stop}'`);
  }

  private singleQuoted(): string {
    const end = this.text.indexOf("'", this.pos);
    if (end < 0)
      throw new SubstitutionError('unexpected end of statement while looking for matching single-quote');
    const value = this.text.slice(this.pos, end);
    this.pos = end + 1;
    return value;
  }

  private doubleQuoted(): string {
    let value = '';
    while (this.pos < this.text.length) {
      const ch = this.text[this.pos++];
      if (ch === '"') return value;
      if (ch === '$') value += this.dollar();
      else if (ch === this.escape && ['"', '$', this.escape].includes(this.peek()))
        value += this.text[this.pos++];
      else value += ch;
    }
    throw new SubstitutionError('unexpected end of statement while looking for matching double-quote');
  }

  private name(): string {
    const start = this.pos;
    if (!NAME_START.test(this.peek())) return '';
    while (NAME_CHAR.test(this.peek())) this.pos++;
    return this.text.slice(start, this.pos);
  }

  /** Called after a `$`; returns the substituted text (a lone `$` stays literal). */
  private dollar(): string {
    if (this.peek() !== '{') {
      const name = this.name();
      return name === '' ? '$' : (this.lookup(name) ?? '');
    }
    this.pos++;
    const name = this.name();
    if (name === '')
      throw new SubstitutionError(
        `bad substitution: missing or invalid variable name in "\${${this.rest()}"`,
      );
    if (this.peek() === '}') {
      this.pos++;
      return this.lookup(name) ?? '';
    }
    let modifier = this.text[this.pos++] ?? '';
    if (modifier === ':') modifier += this.text[this.pos++] ?? '';
    if (!['-', ':-', '+', ':+', '?', ':?'].includes(modifier)) {
      throw new SubstitutionError(`unsupported modifier (${modifier}) in substitution of ${name}`);
    }
    const word = new WordCollector();
    this.processUntil('}', word, false);
    this.pos++;
    word.flush();
    const wordValue = word.words.join('');
    const value = this.lookup(name);
    const checkEmpty = modifier.startsWith(':');
    const isSet = value !== undefined && (!checkEmpty || value !== '');
    switch (modifier.slice(-1)) {
      case '-':
        return isSet ? value : wordValue;
      case '+':
        return isSet ? wordValue : '';
      default:
        if (!isSet) throw new SubstitutionError(`${name}: ${wordValue || 'is not allowed to be unset'}`);
        return value;
    }
  }

  private rest(): string {
    return this.text.slice(this.pos);
  }
}

/** Docker's parseWords: splits on unquoted whitespace, keeping quotes and escapes in the words. */
export function splitWordsKeepingQuotes(text: string, escape: string): string[] {
  const words: string[] = [];
  let word = '';
  let quote = '';
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quote === '' && WHITESPACE.test(ch)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
      continue;
    }
    inWord = true;
    word += ch;
    if (ch === escape && quote !== "'" && i + 1 < text.length) {
      word += text[++i];
    } else if (quote === '' && (ch === '"' || ch === "'")) {
      quote = ch;
    } else if (ch === quote) {
      quote = '';
    }
  }
  if (inWord) words.push(word);
  return words;
}
