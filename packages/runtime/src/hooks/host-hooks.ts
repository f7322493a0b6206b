import type { Hook } from '../oci';
import { HookFailedError } from '../errors';

export type HostHookKind = 'prestart' | 'createRuntime' | 'poststart' | 'poststop';

/** Runs one hook in the runtime's namespaces with the state JSON on stdin (config.md "POSIX-platform Hooks"). */
export function runHostHook(kind: HostHookKind, hook: Hook, stateJson: string): Promise<void> {
  // Loaded here: most containers have no hooks, and child_process costs a CLI call milliseconds.
  const { spawn } = require('node:child_process') as typeof import('node:child_process');
  return new Promise((resolve, reject) => {
    const args = hook.args ?? [hook.path];
    const child = spawn(hook.path, args.slice(1), {
      argv0: args[0] ?? hook.path,
      env: Object.fromEntries(
        (hook.env ?? []).map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]),
      ),
      stdio: ['pipe', 'ignore', 'pipe'],
      timeout: hook.timeout ? hook.timeout * 1000 : undefined,
      killSignal: 'SIGKILL',
    });
    let stderr = '';
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-2000)));
    // A hook that never reads its stdin must not fail the write.
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(stateJson);
    child.once('error', (error) =>
      reject(new HookFailedError(`${kind} hook ${hook.path}: ${error.message}`)),
    );
    child.once('exit', (code, signal) => {
      if (code === 0) return resolve();
      const how =
        signal === 'SIGKILL' && hook.timeout
          ? `timed out after ${hook.timeout} s`
          : code !== null
            ? `exit status ${code}`
            : `signal ${signal}`;
      const detail = stderr.trim() ? `: ${stderr.trim().split('\n').pop()}` : '';
      reject(new HookFailedError(`${kind} hook ${hook.path} failed: ${how}${detail}`));
    });
  });
}

/** Runs hooks in order; the first failure stops the rest and is thrown. */
export async function runHostHooks(
  kind: HostHookKind,
  hooks: readonly Hook[] | undefined,
  stateJson: string,
): Promise<void> {
  for (const hook of hooks ?? []) await runHostHook(kind, hook, stateJson);
}

/** poststart/poststop: a failure is a warning and the rest still run (runtime.md lifecycle). */
export async function runHostHooksWarning(
  kind: HostHookKind,
  hooks: readonly Hook[] | undefined,
  stateJson: string,
  warn: (message: string) => void,
): Promise<void> {
  for (const hook of hooks ?? []) {
    try {
      await runHostHook(kind, hook, stateJson);
    } catch (error) {
      warn((error as Error).message);
    }
  }
}
