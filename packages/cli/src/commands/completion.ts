import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../errors';
import { completionCandidates } from '../completion-candidates';
import type { CommandDefinition } from './command';

/** `berth completion bash`: prints the bash completion script shipped in the package. */
export const completion: CommandDefinition = {
  usage: 'bash',
  summary: 'Generate the autocompletion script for the specified shell',
  flags: [],
  minArgs: 1,
  maxArgs: 1,
  async run(ctx, _flags, [shell]) {
    if (shell !== 'bash')
      throw new UsageError(`unsupported shell "${shell}": berth ships completion for bash`, ctx.name);
    // The script sits in the package's completion/ directory: one level above dist/berth.js
    // (the bundle), two above src/commands/ (sources under test).
    const script = [
      join(__dirname, '..', 'completion', 'berth.bash'),
      join(__dirname, '..', '..', 'completion', 'berth.bash'),
    ].find(existsSync);
    if (!script) throw new Error('completion/berth.bash is missing from the berth package');
    ctx.out(readFileSync(script, 'utf8'));
  },
};

/** The hidden helper the bash script calls: one candidate per line. */
export const complete: CommandDefinition = {
  usage: '[WORDS...]',
  summary: 'Print completion candidates for the words typed so far (used by the shell script)',
  flags: [],
  rawArgs: true,
  async run(ctx, _flags, words) {
    const candidates = await completionCandidates(ctx, words.length ? words : ['']);
    ctx.out(candidates.map((candidate) => `${candidate}\n`).join(''));
  },
};
