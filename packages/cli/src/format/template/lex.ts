import { TemplateError } from './template-error';
import type { Command, Operand, Pipeline } from './nodes';

/**
 * Parses the inside of one `{{ }}` action into a pipeline. `where` locates errors
 * (":1:5") the way Go's text/template does.
 */
export function parsePipeline(source: string, where: string): Pipeline {
  let pos = 0;
  const fail = (why: string): never => {
    throw new TemplateError(`${where}: ${why} in "${source.trim()}"`);
  };

  const skipSpace = () => {
    while (pos < source.length && /\s/.test(source[pos])) pos++;
  };

  const readOperand = (): Operand | undefined => {
    skipSpace();
    const ch = source[pos];
    if (ch === undefined || ch === '|' || ch === ')') return undefined;
    if (ch === '(') {
      pos++;
      const pipeline = readPipeline();
      skipSpace();
      if (source[pos] !== ')') fail('unclosed left paren');
      pos++;
      return { kind: 'pipeline', pipeline };
    }
    if (ch === '.') {
      const match = /^\.((?:[A-Za-z_][A-Za-z0-9_]*)(?:\.[A-Za-z_][A-Za-z0-9_]*)*)?/.exec(
        source.slice(pos),
      ) as RegExpExecArray;
      pos += match[0].length;
      return { kind: 'field', path: match[1] ? match[1].split('.') : [] };
    }
    if (ch === '"') {
      const match = /^"(?:[^"\\]|\\.)*"/.exec(source.slice(pos));
      if (!match) return fail('unterminated quoted string');
      pos += match[0].length;
      return { kind: 'string', value: JSON.parse(match[0]) as string };
    }
    if (ch === '`') {
      const end = source.indexOf('`', pos + 1);
      if (end === -1) fail('unterminated raw quoted string');
      const value = source.slice(pos + 1, end);
      pos = end + 1;
      return { kind: 'string', value };
    }
    const number = /^-?\d+(\.\d+)?/.exec(source.slice(pos));
    if (number) {
      pos += number[0].length;
      return { kind: 'number', value: Number(number[0]) };
    }
    const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(source.slice(pos));
    if (!word) return fail(`unexpected "${ch}"`);
    pos += word[0].length;
    if (word[0] === 'true' || word[0] === 'false') return { kind: 'bool', value: word[0] === 'true' };
    if (word[0] === 'nil') return { kind: 'nil' };
    return { kind: 'identifier', name: word[0] };
  };

  const readCommand = (): Command => {
    const command: Command = [];
    for (let operand = readOperand(); operand; operand = readOperand()) command.push(operand);
    if (command.length === 0) fail('missing value for command');
    return command;
  };

  function readPipeline(): Pipeline {
    const pipeline: Pipeline = [readCommand()];
    skipSpace();
    while (source[pos] === '|') {
      pos++;
      pipeline.push(readCommand());
      skipSpace();
    }
    return pipeline;
  }

  const pipeline = readPipeline();
  skipSpace();
  if (pos < source.length) fail(`unexpected "${source[pos]}"`);
  return pipeline;
}
