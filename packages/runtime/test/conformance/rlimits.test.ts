// config.md "POSIX process" rlimits.
import { Harness } from './support/harness';

const h = new Harness('rlimits');
afterEach(() => h.cleanup());
afterAll(() => h.dispose());

describe('rlimits', () => {
  it('sets soft and hard limits', async () => {
    const r = await h.run(['sh', '-c', 'ulimit -Sn; ulimit -Hn; ulimit -Hc'], (s) => {
      s.process.rlimits = [
        { type: 'RLIMIT_NOFILE', soft: 123, hard: 456 },
        { type: 'RLIMIT_CORE', soft: 0, hard: 4096 },
      ];
    });
    expect(r.stdout.split('\n').slice(0, 3)).toEqual(['123', '456', '8']);
  });

  it('refuses an unknown rlimit type', async () => {
    const r = await h.run(
      ['true'],
      (s) => (s.process.rlimits = [{ type: 'RLIMIT_BOGUS', soft: 1, hard: 1 }]),
    );
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/RLIMIT_BOGUS/);
  });
});
