import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

import { createHealthClient, health } from '@berth/api';

const TS_REGISTER = join(__dirname, '../../../kit/test/support/ts-register.js');
const ENTRY = join(__dirname, '../../src/daemon/entry.ts');

export interface RunningDaemon {
  child: ChildProcess;
  socket: string;
  stderr(): string;
  /** SIGKILL and wait for the exit. */
  kill(): Promise<void>;
  /** SIGTERM and wait for the exit code. */
  stop(): Promise<number | null>;
}

/**
 * Runs berth-images from its TypeScript sources (through kit's SWC register hook, as kit's own
 * lifetime tests do) with its own root and socket, and waits until Health says SERVING.
 */
export async function startDaemon(root: string, socket: string): Promise<RunningDaemon> {
  const child = spawn(
    process.execPath,
    ['-r', TS_REGISTER, ENTRY, '--root', root, '--socket', socket, '--log-level', 'debug'],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const daemon: RunningDaemon = {
    child,
    socket,
    stderr: () => stderr,
    kill: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`berth-images exited ${child.exitCode}: ${stderr}`);
    const client = createHealthClient(socket);
    const serving = await new Promise<boolean>((resolve) =>
      client.check({ service: '' }, (err, res) =>
        resolve(!err && res?.status === health.v1.ServingStatus.SERVING_STATUS_SERVING),
      ),
    );
    client.close();
    if (serving) return daemon;
    if (Date.now() > deadline) {
      await daemon.kill();
      throw new Error(`berth-images did not start: ${stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
