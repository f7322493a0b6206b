import { existsSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { InvalidConfigError } from '../../errors';
import { defaultSpec, rootlessSpec } from '../../lifecycle/default-spec';
import { boolFlag, stringFlag } from '../args';
import type { Command } from '../command';

export const command: Command = {
  usage: '[command options]',
  summary: 'create a new specification file',
  flags: { bundle: { kind: 'string', aliases: ['b'] }, rootless: { kind: 'bool' } },
  async run(args) {
    const file = path.join(stringFlag(args, 'bundle') ?? '.', 'config.json');
    if (existsSync(file)) throw new InvalidConfigError('File config.json exists. Remove it first');
    const spec = boolFlag(args, 'rootless')
      ? rootlessSpec(process.getuid?.() ?? 0, process.getgid?.() ?? 0)
      : defaultSpec();
    writeFileSync(file, `${JSON.stringify(spec, null, '\t')}\n`, { mode: 0o666 });
    return 0;
  },
};
