import { spawn } from 'node:child_process';
import { CommandFailedError } from '../errors';

export interface RunOptions {
  /** Written to the program's stdin, then stdin is closed. */
  input?: string;
  env?: NodeJS.ProcessEnv;
}

export interface RunOutcome {
  /** Exit status, or null when a signal ended the program. */
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs a host program to completion and returns its stdout. Every kernel change this package
 * makes goes through here (ip, nft, unshare, CNI plugins), so failures share one error shape.
 */
export async function run(command: string, args: readonly string[], options: RunOptions = {}): Promise<string> {
  const { code, stdout, stderr } = await runOutcome(command, args, options);
  if (code === 0) return stdout;
  throw new CommandFailedError(`${command} ${args.join(' ')}`, code, stderr || stdout);
}

/** Like `run`, but reports any exit status to the caller; rejects only when the program cannot start. */
export function runOutcome(
  command: string,
  args: readonly string[],
  options: RunOptions = {},
): Promise<RunOutcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'], env: options.env ?? process.env });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', (error) => reject(new CommandFailedError(command, null, error.message)));
    child.on('close', (code) =>
      resolve({
        code,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      }),
    );
    // A program that exits before reading its input gives EPIPE; its exit status reports the cause.
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.input ?? '');
  });
}
