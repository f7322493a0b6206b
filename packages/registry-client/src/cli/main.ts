#!/usr/bin/env node
import { CommanderError } from 'commander';
import { exitCodeOf, formatError } from './format-error';
import { buildProgram } from './program';

/** Runs berth-registry with `argv` (without node and script); resolves to the exit status. */
export async function main(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (error) {
    // Commander already printed usage errors, help and --version.
    if (error instanceof CommanderError) return exitCodeOf(error);
    const name = program.args[0] ?? 'command';
    process.stderr.write(`${formatError(`${name} failed`, error, argv.includes('--debug'))}\n`);
    return exitCodeOf(error);
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (status) => (process.exitCode = status),
    (error: unknown) => {
      process.stderr.write(`berth-registry: ${String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
