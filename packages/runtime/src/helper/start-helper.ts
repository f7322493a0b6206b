import { HelperSession, type HelperOptions } from './helper-session';

let spare: { key: string; session: HelperSession } | undefined;

function keyOf(options: HelperOptions): string {
  return JSON.stringify([options.stdio ?? ['inherit', 'inherit', 'inherit'], options.preserveFds ?? 0]);
}

/**
 * Starts the helper ahead of the create that will use it: the CLI calls this before it loads the
 * runtime, so the helper's exec and sealed re-exec run while the runtime loads and plans.
 */
export function prestartHelper(options: Omit<HelperOptions, 'plan'>): void {
  spare?.session.kill();
  spare = { key: keyOf(options), session: new HelperSession(options) };
}

/** The prestarted helper when it was started with the same stdio, else a new one. */
export function startHelper(options: HelperOptions): HelperSession {
  const taken = spare;
  spare = undefined;
  if (taken && taken.key === keyOf(options)) {
    if (options.plan) taken.session.sendPlan(options.plan);
    return taken.session;
  }
  taken?.session.kill();
  return new HelperSession(options);
}
