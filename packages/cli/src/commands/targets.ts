import { formatCliError, PartialFailureError } from '../errors';
import type { CommandContext } from './command';

/**
 * Runs `action` for each target as docker's multi-target commands (stop, rm, pause...) do:
 * each success prints the target as given, each failure prints its own error line, and the
 * command fails at the end if any target did.
 */
export async function forEachTarget(
  ctx: CommandContext,
  targets: readonly string[],
  action: (target: string) => Promise<string | void>,
): Promise<void> {
  let failed = 0;
  for (const target of targets) {
    try {
      const printed = await action(target);
      ctx.out(`${printed ?? target}\n`);
    } catch (err) {
      failed++;
      ctx.err(`${formatCliError(`${ctx.name} ${target}`, err, ctx.debug)}\n`);
    }
  }
  if (failed) throw new PartialFailureError(failed);
}
