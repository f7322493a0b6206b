import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { wasOomKilled } from './oom';

describe('wasOomKilled', () => {
  it('reads oom_kill from cgroup v2 and v1 files', async () => {
    const root = await mkdtemp(join(tmpdir(), 'berth-engine-oom-'));
    try {
      await mkdir(join(root, 'berth', 'a'), { recursive: true });
      await writeFile(join(root, 'berth', 'a', 'memory.events'), 'low 0\nhigh 0\nmax 3\noom 1\noom_kill 1\n');
      await mkdir(join(root, 'memory', 'berth', 'b'), { recursive: true });
      await writeFile(
        join(root, 'memory', 'berth', 'b', 'memory.oom_control'),
        'oom_kill_disable 0\nunder_oom 0\noom_kill 0\n',
      );
      expect(await wasOomKilled('a', root)).toBe(true);
      expect(await wasOomKilled('b', root)).toBe(false);
      expect(await wasOomKilled('missing', root)).toBe(false);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
