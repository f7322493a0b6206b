import type { FlagSpecs, ParsedArgs } from '../args';
import { boolFlag, intFlag, stringFlag } from '../args';
import type { CreateOptions } from '../../lifecycle/create';
import { prestartHelper } from '../../helper/start-helper';

/** Flags create and run share, as runc spells them. */
export const CREATE_FLAGS: FlagSpecs = {
  bundle: { kind: 'string', aliases: ['b'] },
  'console-socket': { kind: 'string' },
  'pid-file': { kind: 'string' },
  'no-pivot': { kind: 'bool' },
  'no-new-keyring': { kind: 'bool' },
  'preserve-fds': { kind: 'string' },
};

export function createOptions(args: ParsedArgs): CreateOptions {
  const options: CreateOptions = {
    bundle: stringFlag(args, 'bundle') ?? process.cwd(),
    noPivot: boolFlag(args, 'no-pivot'),
    noNewKeyring: boolFlag(args, 'no-new-keyring'),
    preserveFds: intFlag(args, 'preserve-fds', 0),
  };
  const consoleSocket = stringFlag(args, 'console-socket');
  const pidFile = stringFlag(args, 'pid-file');
  if (consoleSocket) options.consoleSocket = consoleSocket;
  if (pidFile) options.pidFile = pidFile;
  return options;
}

/** create and run start the init helper before the runtime loads (see prestartHelper). */
export function prestartCreateHelper(args: ParsedArgs): void {
  prestartHelper({ preserveFds: createOptions(args).preserveFds });
}
