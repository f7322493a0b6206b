export interface CliErrorOptions {
  /** Append the stack trace (the CLI's --debug). */
  debug?: boolean;
}

/**
 * The one line a Berth CLI prints before exiting non-zero: `berth: <what failed>: <why>`.
 * `why` is the error's message folded onto one line; never a stack trace unless `debug`.
 */
export function formatCliError(what: string, err: unknown, options: CliErrorOptions = {}): string {
  const message = err instanceof Error ? err.message : String(err);
  const why = message.replace(/\s*\n\s*/g, '; ').trim() || 'unknown error';
  const line = `berth: ${what}: ${why}`;
  if (options.debug && err instanceof Error && err.stack) return `${line}\n${err.stack}`;
  return line;
}
