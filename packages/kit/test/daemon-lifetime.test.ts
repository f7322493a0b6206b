import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { health } from '@berth/api';
import { dial } from '../src/client';
import { AlreadyExistsError, UnavailableError } from '../src/errors/classes';
import { createLogger } from '../src/logger';
import { startServer, type ServerHandle } from '../src/server/start-server';
import { spawnTsChild, type TsChild } from './support/child-process';
import { EchoClient } from './support/echo-service';
import { useTempDir } from './support/temp-dir';

// Daemons as real child processes: a live one, one killed with SIGKILL, one stopped by SIGTERM.
describe('daemon lifetime', () => {
  const tempDir = useTempDir('daemon');
  const children: TsChild[] = [];
  const cleanups: (() => unknown)[] = [];

  function startDaemon(socketPath: string, graceMs?: number) {
    const child = spawnTsChild(
      'daemon',
      graceMs === undefined ? [socketPath] : [socketPath, String(graceMs)],
    );
    children.push(child);
    return child;
  }

  async function startHere(socketPath: string): Promise<ServerHandle> {
    const handle = await startServer({
      socketPath,
      component: 'test',
      version: '0.0.1',
      logger: createLogger({ component: 'test', level: 'fatal' }),
      handleSignals: false,
      services: [],
    });
    cleanups.push(() => handle.close());
    return handle;
  }

  afterEach(async () => {
    children.splice(0).forEach((child) => child.kill());
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  it('refuses to start while another daemon answers on the socket', async () => {
    const socketPath = join(tempDir(), 'test.sock');
    const daemon = startDaemon(socketPath);
    expect(await daemon.nextLine()).toBe('ready');

    const starting = startHere(socketPath);
    await expect(starting).rejects.toThrow(AlreadyExistsError);
    await expect(startHere(socketPath)).rejects.toThrow(`test is already running at ${socketPath}`);
    expect(existsSync(socketPath)).toBe(true);
  });

  it('replaces the stale socket of a daemon killed with SIGKILL', async () => {
    const socketPath = join(tempDir(), 'test.sock');
    const daemon = startDaemon(socketPath);
    expect(await daemon.nextLine()).toBe('ready');
    daemon.child.kill('SIGKILL');
    await daemon.exited;
    expect(existsSync(socketPath)).toBe(true);

    await startHere(socketPath);
    const client = dial(health.v1.HealthClient, socketPath, { component: 'test' });
    cleanups.unshift(() => client.close());
    expect((await client.call.check({ service: '' })).status).toBe(
      health.v1.ServingStatus.SERVING_STATUS_SERVING,
    );
  });

  it('on SIGTERM finishes in-flight calls, removes its socket and exits 0', async () => {
    const socketPath = join(tempDir(), 'test.sock');
    const daemon = startDaemon(socketPath);
    expect(await daemon.nextLine()).toBe('ready');
    const client = dial(EchoClient, socketPath, { component: 'test' });
    cleanups.push(() => client.close());
    await client.waitForReady();

    const inFlight = client.call.hold({ until: 'sigterm' });
    // Echo answers only after Hold's call is being served, so SIGTERM arrives mid-call.
    await client.call.echo({ text: 'ping' });
    daemon.child.kill('SIGTERM');

    await expect(inFlight).resolves.toEqual({ text: 'finished' });
    expect(await daemon.nextLine()).toBe('closed');
    expect(await daemon.exited).toEqual({ code: 0, signal: null });
    expect(existsSync(socketPath)).toBe(false);
    await expect(client.call.echo({ text: 'late' })).rejects.toThrow(`test is not running at ${socketPath}`);
  });

  it('cancels calls still running after the grace period', async () => {
    const socketPath = join(tempDir(), 'test.sock');
    const daemon = startDaemon(socketPath, 100);
    expect(await daemon.nextLine()).toBe('ready');
    const client = dial(EchoClient, socketPath, { component: 'test' });
    cleanups.push(() => client.close());

    const stuck = client.call.hold({ until: 'never' });
    await client.call.echo({ text: 'ping' });
    daemon.child.kill('SIGTERM');

    await expect(stuck).rejects.toBeInstanceOf(Error);
    expect(await daemon.exited).toEqual({ code: 0, signal: null });
    expect(existsSync(socketPath)).toBe(false);
  });
});

describe('clients of a daemon that is not running', () => {
  const tempDir = useTempDir('client');

  it('get "<component> is not running at <path>" when the socket is missing', async () => {
    const socketPath = join(tempDir(), 'images.sock');
    const client = dial(health.v1.HealthClient, socketPath, { component: 'images' });
    try {
      const err = await client.call.check({ service: '' }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(UnavailableError);
      expect(err).toMatchObject({
        message: `images is not running at ${socketPath}`,
        reason: 'DAEMON_NOT_RUNNING',
      });
      await expect(client.waitForReady(200)).rejects.toThrow(`images is not running at ${socketPath}`);
    } finally {
      client.close();
    }
  });

  it('get the same when only a stale socket file is left', async () => {
    const socketPath = join(tempDir(), 'images.sock');
    const daemon = spawnTsChild('daemon', [socketPath]);
    try {
      expect(await daemon.nextLine()).toBe('ready');
    } finally {
      daemon.kill();
    }
    await daemon.exited;
    expect(existsSync(socketPath)).toBe(true);
    const client = dial(health.v1.HealthClient, socketPath, { component: 'images' });
    try {
      await expect(client.call.check({ service: '' })).rejects.toThrow(
        `images is not running at ${socketPath}`,
      );
    } finally {
      client.close();
    }
  });
});
