import { CommanderError } from 'commander';

/** One line for the user: `berth-registry: <what failed>: <why>` (the stack only with --debug). */
export function formatError(what: string, error: unknown, debug: boolean): string {
  const why = error instanceof Error ? error.message : String(error);
  const code = (error as { reason?: string }).reason;
  const suffix = debug && error instanceof Error && error.stack ? `\n${error.stack}` : '';
  return `berth-registry: ${what}: ${why}${code && debug ? ` (${code})` : ''}${suffix}`;
}

/** Exit status: 2 for bad usage or arguments, 1 for everything else. */
export function exitCodeOf(error: unknown): number {
  if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
  return (error as { code?: string }).code === 'InvalidArgument' ? 2 : 1;
}
