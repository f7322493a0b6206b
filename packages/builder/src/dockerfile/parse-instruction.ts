// Turns one logical line into a typed instruction, checking argument counts, forms and flags
// with docker's messages; variable substitution is left to the planner.

import { parseGoDuration } from './duration';
import { splitFlags } from './flags';
import type { RawInstruction } from './lines';
import type { CommandForm, CopyInstruction, HealthcheckInstruction, Instruction } from './instructions';
import { splitWordsKeepingQuotes } from './shell-lexer';

/** A problem with one instruction; the caller adds the file and line. */
export class InstructionError extends Error {}

const ALLOWED_FLAGS: Record<string, readonly string[]> = {
  FROM: ['platform'],
  RUN: ['network'],
  COPY: ['from', 'chown', 'chmod', 'link'],
  ADD: ['chown', 'chmod', 'checksum', 'link'],
  HEALTHCHECK: ['interval', 'timeout', 'start-period', 'start-interval', 'retries'],
};

export function parseInstruction(raw: RawInstruction, escape: string): Instruction {
  const base = { line: raw.line, original: raw.original };
  const { flags, rest } = takeFlags(raw);
  if (rest === '') throw new InstructionError(`${raw.keyword} requires at least one argument`);
  switch (raw.keyword) {
    case 'FROM': {
      const words = rest.split(/\s+/);
      if (words.length !== 1 && !(words.length === 3 && words[1].toLowerCase() === 'as')) {
        throw new InstructionError('FROM requires either one or three arguments');
      }
      const stageName = words[2]?.toLowerCase();
      if (stageName !== undefined && !/^[a-z][a-z0-9-_.]*$/.test(stageName)) {
        throw new InstructionError(
          `invalid name for build stage: ${JSON.stringify(words[2])}, name can't start with a number or contain symbols`,
        );
      }
      return { kind: 'FROM', ...base, image: words[0], stageName, platform: stringFlag(flags, 'platform') };
    }
    case 'RUN': {
      const network = stringFlag(flags, 'network');
      if (network !== undefined && !['none', 'default', 'host'].includes(network)) {
        throw new InstructionError(
          `RUN: invalid --network ${JSON.stringify(network)} (none, default or host)`,
        );
      }
      return {
        kind: 'RUN',
        ...base,
        command: commandForm('RUN', rest),
        network: network as 'none' | 'default' | 'host' | undefined,
        heredocs: raw.heredocs,
      };
    }
    case 'CMD':
    case 'ENTRYPOINT':
      return { kind: raw.keyword, ...base, command: commandForm(raw.keyword, rest) };
    case 'ENV':
    case 'LABEL':
      return { kind: raw.keyword, ...base, pairs: keyValuePairs(raw.keyword, rest, escape) };
    case 'ARG':
      return { kind: 'ARG', ...base, args: argDeclarations(rest, escape) };
    case 'WORKDIR':
    case 'USER':
    case 'STOPSIGNAL':
    case 'MAINTAINER':
      return { kind: raw.keyword, ...base, value: rest };
    case 'EXPOSE':
      return { kind: 'EXPOSE', ...base, values: rest.split(/\s+/) };
    case 'VOLUME': {
      const exec = execForm('VOLUME', rest);
      const values = exec ?? rest.split(/\s+/);
      if (values.some((value) => value.trim() === ''))
        throw new InstructionError('VOLUME specified can not be an empty string');
      return { kind: 'VOLUME', ...base, values };
    }
    case 'COPY':
    case 'ADD':
      return copyInstruction(raw, rest, flags, base);
    case 'HEALTHCHECK':
      return healthcheck(rest, flags, base);
    case 'SHELL': {
      const shell = execForm('SHELL', rest);
      if (shell === undefined || shell.length === 0)
        throw new InstructionError('SHELL requires the arguments to be in JSON form');
      return { kind: 'SHELL', ...base, shell };
    }
    case 'ONBUILD': {
      const trigger = /^(\S+)/.exec(rest)?.[1].toUpperCase() ?? '';
      if (trigger === 'ONBUILD')
        throw new InstructionError("Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed");
      if (trigger === 'FROM' || trigger === 'MAINTAINER') {
        throw new InstructionError(`${trigger} isn't allowed as an ONBUILD trigger`);
      }
      parseInstruction(
        { ...raw, keyword: trigger, args: rest.slice(trigger.length).trim(), heredocs: [] },
        escape,
      );
      return { kind: 'ONBUILD', ...base, trigger: rest };
    }
    default:
      throw new InstructionError(`unknown instruction: ${raw.keyword}`);
  }
}

function takeFlags(raw: RawInstruction): { flags: Map<string, string | true>; rest: string } {
  const split = splitFlags(raw.args);
  if ('duplicate' in split)
    throw new InstructionError(`${raw.keyword}: duplicate flag specified: --${split.duplicate}`);
  if ('malformed' in split) throw new InstructionError(`${raw.keyword}: malformed flag ${split.malformed}`);
  const allowed = ALLOWED_FLAGS[raw.keyword] ?? [];
  for (const name of split.flags.keys()) {
    if (!allowed.includes(name)) throw new InstructionError(`${raw.keyword}: unknown flag: --${name}`);
  }
  return split;
}

function stringFlag(flags: Map<string, string | true>, name: string): string | undefined {
  const value = flags.get(name);
  if (value === true) throw new InstructionError(`--${name} requires a value`);
  return value;
}

/**
 * The JSON array form, or undefined for the shell form. Text that plainly means to be JSON
 * (`["...`) but does not parse is an error rather than docker's silent fallback to the shell.
 */
function execForm(keyword: string, text: string): string[] | undefined {
  if (!text.startsWith('[')) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    if (/^\[\s*("|\])/.test(text)) {
      throw new InstructionError(`${keyword}: invalid JSON exec form ${text}: ${(error as Error).message}`);
    }
    return undefined;
  }
  if (!Array.isArray(parsed) || parsed.some((item) => typeof item !== 'string')) {
    throw new InstructionError(`${keyword}: the JSON exec form must be an array of strings`);
  }
  return parsed as string[];
}

function commandForm(keyword: string, text: string): CommandForm {
  const exec = execForm(keyword, text);
  return exec === undefined ? { form: 'shell', command: text } : { form: 'exec', args: exec };
}

function keyValuePairs(keyword: 'ENV' | 'LABEL', text: string, escape: string): Array<[string, string]> {
  const words = splitWordsKeepingQuotes(text, escape);
  if (!words[0].includes('=')) {
    // Legacy `ENV key value`: one pair, the value is the rest of the line.
    const value = text.slice(text.indexOf(words[0]) + words[0].length).trim();
    if (value === '') throw new InstructionError(`${keyword} must have two arguments`);
    return [[words[0], value]];
  }
  return words.map((word) => {
    const eq = word.indexOf('=');
    if (eq < 0) {
      throw new InstructionError(
        `Syntax error - can't find = in ${JSON.stringify(word)}. Must be of the form: name=value`,
      );
    }
    if (eq === 0) throw new InstructionError(`${keyword} names can not be blank`);
    return [word.slice(0, eq), word.slice(eq + 1)];
  });
}

function argDeclarations(text: string, escape: string): Array<{ name: string; defaultValue?: string }> {
  return splitWordsKeepingQuotes(text, escape).map((word) => {
    const eq = word.indexOf('=');
    const name = eq < 0 ? word : word.slice(0, eq);
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name))
      throw new InstructionError(`ARG: invalid name ${JSON.stringify(name)}`);
    return eq < 0 ? { name } : { name, defaultValue: word.slice(eq + 1) };
  });
}

function copyInstruction(
  raw: RawInstruction,
  rest: string,
  flags: Map<string, string | true>,
  base: { line: number; original: string },
): CopyInstruction {
  const keyword = raw.keyword as 'COPY' | 'ADD';
  const words = execForm(keyword, rest) ?? rest.split(/\s+/);
  if (words.length < 2) throw new InstructionError(`${keyword} requires at least two arguments`);
  const checksum = stringFlag(flags, 'checksum');
  if (checksum !== undefined && !/^sha(256|384|512):[a-f0-9]+$/.test(checksum)) {
    throw new InstructionError(`ADD: invalid --checksum ${JSON.stringify(checksum)}: expected sha256:<hex>`);
  }
  const from = stringFlag(flags, 'from');
  if (from !== undefined && from.trim() === '')
    throw new InstructionError(`${keyword}: --from requires a stage or image name`);
  return {
    kind: keyword,
    ...base,
    sources: words.slice(0, -1),
    dest: words[words.length - 1],
    from,
    chown: stringFlag(flags, 'chown'),
    chmod: stringFlag(flags, 'chmod'),
    checksum,
    heredocs: raw.heredocs,
  };
}

function healthcheck(
  rest: string,
  flags: Map<string, string | true>,
  base: { line: number; original: string },
): HealthcheckInstruction {
  const [type = '', ...others] = rest.split(/\s+/);
  const upper = type.toUpperCase();
  if (upper === 'NONE') {
    if (others.length > 0 || flags.size > 0)
      throw new InstructionError('HEALTHCHECK NONE takes no arguments');
    return { kind: 'HEALTHCHECK', ...base };
  }
  if (upper !== 'CMD')
    throw new InstructionError(`Unknown type ${JSON.stringify(type)} in HEALTHCHECK (try CMD)`);
  const commandText = rest.slice(type.length).trim();
  if (commandText === '') throw new InstructionError('HEALTHCHECK CMD requires a command');
  const duration = (name: string): number | undefined => {
    const text = stringFlag(flags, name);
    if (text === undefined) return undefined;
    const ns = parseGoDuration(text);
    if (ns === undefined) throw new InstructionError(`HEALTHCHECK: invalid duration --${name}=${text}`);
    if (ns !== 0 && ns < 1e6) throw new InstructionError(`HEALTHCHECK: --${name} cannot be less than 1ms`);
    return ns;
  };
  const retriesText = stringFlag(flags, 'retries');
  const retries = retriesText === undefined ? undefined : Number(retriesText);
  if (retries !== undefined && !(Number.isInteger(retries) && retries >= 0)) {
    throw new InstructionError(`HEALTHCHECK: --retries must be a non-negative integer, got ${retriesText}`);
  }
  return {
    kind: 'HEALTHCHECK',
    ...base,
    test: commandForm('HEALTHCHECK', commandText),
    intervalNs: duration('interval'),
    timeoutNs: duration('timeout'),
    startPeriodNs: duration('start-period'),
    startIntervalNs: duration('start-interval'),
    retries,
  };
}
