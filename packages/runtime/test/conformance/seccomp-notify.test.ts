// config-linux.md "Seccomp": listenerPath + SCMP_ACT_NOTIFY — the notify fd and the container
// process state arrive at the listener in one SCM_RIGHTS message.
import * as path from 'node:path';
import { closeFd, recvFds, unixAccept, unixListen } from '@berth/sys';
import { Harness } from './support/harness';

const h = new Harness('notify');
afterEach(() => h.cleanup());
afterAll(() => h.dispose());

describe('seccomp notify', () => {
  it('sends the listener fd and the container process state to listenerPath', async () => {
    const listenerPath = path.join(h.dir, 'seccomp.sock');
    const listenFd = unixListen(listenerPath);
    try {
      const bundle = await h.bundle(['sh', '-c', 'mkdir /tmp/notified 2>/dev/null; echo done'], (s) => {
        s.linux.seccomp = {
          defaultAction: 'SCMP_ACT_ALLOW',
          architectures: ['SCMP_ARCH_X86_64'],
          listenerPath,
          listenerMetadata: 'berth-test',
          syscalls: [{ names: ['mkdir', 'mkdirat'], action: 'SCMP_ACT_NOTIFY' }],
        };
      });
      const id = h.id();
      const run = h.runtimeAsync(['run', '--bundle', bundle, id]);
      const conn = await unixAccept(listenFd, { signal: AbortSignal.timeout(20_000) });
      const message = await recvFds(conn, 65536, 4, { signal: AbortSignal.timeout(20_000) });
      closeFd(conn);
      expect(message.fds).toHaveLength(1);
      const state = JSON.parse(message.data.toString('utf8'));
      expect(state).toMatchObject({ fds: ['seccompFd'], metadata: 'berth-test', state: { id } });
      expect(state.pid).toBeGreaterThan(0);
      // Closing the listener fd lets the notified syscall fail instead of waiting forever.
      closeFd(message.fds[0]);
      const result = await run;
      expect(result.stdout).toBe('done\n');
    } finally {
      closeFd(listenFd);
    }
  });
});
