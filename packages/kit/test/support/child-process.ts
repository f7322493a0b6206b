import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export interface TsChild {
  child: ChildProcess;
  /** Resolves with the next line the child prints on stdout. */
  nextLine(): Promise<string>;
  /** Resolves when the child has exited, with its exit code or signal. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Kills it with SIGKILL if it still runs (for afterEach). */
  kill(): void;
}

/** Runs test/support/<script>.ts in a plain node process; stderr is kept for diagnosis. */
export function spawnTsChild(script: string, args: string[] = [], env: NodeJS.ProcessEnv = {}): TsChild {
  const child = spawn(
    process.execPath,
    ['-r', join(__dirname, 'ts-register.js'), join(__dirname, `${script}.ts`), ...args],
    {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, ...env },
    },
  );
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const lines: string[] = [];
  const waiters: ((line: string) => void)[] = [];
  createInterface({ input: child.stdout! }).on('line', (line) => {
    const waiter = waiters.shift();
    if (waiter) waiter(line);
    else lines.push(line);
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return {
    child,
    exited,
    nextLine() {
      const line = lines.shift();
      if (line !== undefined) return Promise.resolve(line);
      return new Promise((resolve, reject) => {
        waiters.push(resolve);
        void exited.then(({ code, signal }) =>
          reject(
            new Error(`${script} exited (${code ?? signal}) before printing a line; stderr:\n${stderr}`),
          ),
        );
      });
    },
    kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}
