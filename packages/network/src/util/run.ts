import { spawn } from 'node:child_process';
import { CommandFailedError } from '../errors';

export interface RunOptions {
  /** Written to the program's stdin, then stdin is closed. */
  input?: string;
  env?: NodeJS.ProcessEnv;
}

/**
 * Runs a host program to completion and returns its stdout. Every kernel change this package
 * makes goes through here (ip, nft, unshare, CNI plugins), so failures share one error shape.
 */
export function run(command: string, args: readonly string[], options: RunOptions = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'], env: options.env ?? process.env });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', (error) => reject(new CommandFailedError(command, null, error.message)));
    child.on('close', (code) => {
      const stdout = Buffer.concat(out).toString('utf8');
      if (code === 0) resolve(stdout);
      else {
        const stderr = Buffer.concat(err).toString('utf8');
        reject(new CommandFailedError(`${command} ${args.join(' ')}`, code, stderr || stdout));
      }
    });
    // A program that exits before reading its input gives EPIPE; its exit status reports the cause.
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.input ?? '');
  });
}
