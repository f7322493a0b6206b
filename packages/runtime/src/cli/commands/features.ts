import { runtimeFeatures } from '../../lifecycle/features';
import type { Command } from '../command';

export const command: Command = {
  usage: '',
  summary: 'show the enabled features',
  flags: {},
  async run() {
    process.stdout.write(`${JSON.stringify(runtimeFeatures(), null, '    ')}\n`);
    return 0;
  },
};
