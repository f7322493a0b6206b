import { spawn } from 'node:child_process';
import { join } from 'node:path';

const { bundle } = require('../scripts/bundle.js') as { bundle: (outfile: string) => Promise<string> };

export interface CliResult {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Bundles the CLI from source into `dir` and returns a runner for it. */
export async function bundleCli(
  dir: string,
): Promise<(args: string[], stdin?: string, env?: NodeJS.ProcessEnv) => Promise<CliResult>> {
  const script = await bundle(join(dir, 'berth-registry.js'));
  // The scheme cache goes to the test's own directory, not the real ~/.cache.
  return (args, stdin, env) =>
    run(process.execPath, [script, ...args], stdin, { XDG_CACHE_HOME: dir, ...env });
}

/** Runs a program to completion, collecting its output. */
export function run(
  program: string,
  args: string[],
  stdin?: string,
  env?: NodeJS.ProcessEnv,
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status: status ?? 1, stdout, stderr }));
    child.stdin.end(stdin ?? '');
  });
}
