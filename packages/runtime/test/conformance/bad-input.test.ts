// Bad input: one line naming the field, exit code 1, the same error as JSON in --log, nothing left behind.
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { Harness } from './support/harness';
import { IS_BERTH } from './support/runtime-bin';
import type { SpecDoc } from './support/base-spec';

const h = new Harness('badinput');
afterEach(() => h.cleanup());
afterAll(() => h.dispose());

const cases: [string, (s: SpecDoc) => void, RegExp][] = [
  ['an unknown namespace type', (s) => s.linux.namespaces.push({ type: 'bogus' }), /bogus/],
  [
    'duplicate rlimits',
    (s) => s.process.rlimits.push({ type: 'RLIMIT_NOFILE', soft: 1, hard: 1 }),
    /RLIMIT_NOFILE/,
  ],
  [
    'an idmapped mount without mappings',
    (s) => s.mounts.push({ destination: '/x', type: 'bind', source: '/tmp', options: ['bind', 'idmap'] }),
    /mounts\[\d+\]\.uidMappings/,
  ],
  ['an unsupported property', (s) => (s.linux.intelRdt = { closID: 'x' }), /linux\.intelRdt/],
  [
    'an execCPUAffinity that is not a CPU list',
    (s) => (s.process.execCPUAffinity = { initial: '3-1' }),
    /execCPUAffinity\.initial/,
  ],
  // This host has neither module (its LSMs: lockdown, capability, landlock, bpf); runc refuses both too.
  [
    'an SELinux label',
    (s) => (s.process.selinuxLabel = 'system_u:system_r:container_t:s0'),
    /process\.selinuxLabel/,
  ],
  ['an AppArmor profile', (s) => (s.process.apparmorProfile = 'docker-default'), /process\.apparmorProfile/],
  ['empty args', (s) => (s.process.args = []), /args/],
];

describe('bad input', () => {
  (IS_BERTH ? it.each(cases) : it.skip.each(cases))(
    'refuses %s naming the field, leaving nothing behind',
    async (_name, edit, field) => {
      const bundle = await h.bundle(['true'], edit);
      const log = path.join(h.dir, `log-${Date.now()}.json`);
      const { id, result } = ((): { id: string; result: ReturnType<typeof h.runtime> } => {
        const cid = h.id();
        return {
          id: cid,
          result: h.runtime(['create', '--bundle', bundle, cid], {
            globals: ['--log', log, '--log-format', 'json'],
          }),
        };
      })();
      expect(result.status).toBe(1);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).toMatch(field);
      const entry = JSON.parse(readFileSync(log, 'utf8').trim().split('\n').pop()!);
      expect(entry.level).toBe('error');
      expect(entry.msg).toMatch(field);
      expect(existsSync(path.join(h.root, id))).toBe(false);
      expect(readdirSync('/sys/fs/cgroup/pids').filter((n) => n === id)).toEqual([]);
    },
  );

  it('refuses a missing config.json', () => {
    const dir = path.join(h.dir, 'empty-bundle');
    require('node:fs').mkdirSync(dir);
    const r = h.runtime(['create', '--bundle', dir, h.id()]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/config\.json/);
  });

  (IS_BERTH ? it : it.skip)('refuses invalid JSON naming the file', async () => {
    const bundle = await h.bundle(['true']);
    writeFileSync(path.join(bundle, 'config.json'), '{"ociVersion": ');
    const r = h.runtime(['create', '--bundle', bundle, h.id()]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/config\.json: invalid JSON/);
    rmSync(path.join(bundle, 'config.json'));
  });

  it('refuses an unknown command and flag', () => {
    expect(h.runtime(['frobnicate']).status).not.toBe(0);
    expect(h.runtime(['create', '--no-such-flag', 'x']).status).not.toBe(0);
  });
});
