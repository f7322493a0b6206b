// Regressions for the CVE classes runtimes have had: helper overwrite (CVE-2019-5736), fd and cwd
// leaks (CVE-2024-21626), paths resolved out of the rootfs (CVE-2021-30465, CVE-2025-31133) and
// the order of no_new_privs, seccomp and capabilities.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { Harness } from './support/harness';
import { IS_BERTH, RUNTIME_BIN } from './support/runtime-bin';

const h = new Harness('security');
afterEach(() => h.cleanup());
afterAll(() => h.dispose());

/** The binary a container could try to overwrite: our init helper, or the peer runtime itself. */
function helperBinary(): string {
  if (IS_BERTH) return path.join(__dirname, '..', '..', 'build', 'berth-init');
  return execFileSync('sh', ['-c', `command -v ${RUNTIME_BIN}`], { encoding: 'utf8' }).trim();
}

const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
const ALL_CAPS_FOR_ATTACK = ['CAP_SYS_PTRACE', 'CAP_DAC_OVERRIDE', 'CAP_SYS_ADMIN'];

describe('security', () => {
  it('a container cannot overwrite the runtime helper through /proc/<init>/exe (CVE-2019-5736)', async () => {
    const binary = helperBinary();
    const before = sha256(binary);
    const bundle = await h.bundle(['true'], (s) => {
      for (const set of ['bounding', 'effective', 'permitted'])
        s.process.capabilities[set].push(...ALL_CAPS_FOR_ATTACK);
    });
    // While created, pid 1 of the container is still the runtime's own init.
    const { id } = h.create(bundle);
    const attack = h.runtime([
      'exec',
      '--cap',
      'CAP_SYS_PTRACE',
      '--cap',
      'CAP_DAC_OVERRIDE',
      id,
      'sh',
      '-c',
      'echo pwned > /proc/1/exe && echo wrote-init-exe; echo pwned > /proc/self/exe && echo wrote-self-exe; true',
    ]);
    expect(attack.status).toBe(0);
    expect(attack.stderr).toMatch(/\/proc\/1\/exe/);
    expect(attack.stdout).not.toMatch(/wrote-init-exe/);
    expect(sha256(binary)).toBe(before);
  });

  it('leaks no host fd and no host cwd into the container (CVE-2024-21626)', async () => {
    const script = 'ls /proc/self/fd | sort -n | tr "\\n" " "; echo; readlink /proc/self/cwd';
    const r = await h.run(['sh', '-c', script], (s) => (s.process.cwd = '/tmp'));
    // 0-2 plus the fd ls itself opens on /proc/self/fd.
    expect(
      r.stdout
        .split('\n')[0]
        .trim()
        .split(' ')
        .map(Number)
        .filter((fd) => fd > 3),
    ).toEqual([]);
    expect(r.stdout.split('\n')[0].trim().split(' ').slice(0, 3)).toEqual(['0', '1', '2']);
    expect(r.stdout.split('\n')[1]).toBe('/tmp');
  });

  it('passes exactly --preserve-fds extra fds', async () => {
    const file = path.join(h.dir, 'preserved');
    writeFileSync(file, 'kept open\n');
    const fd = openSync(file, 'r');
    try {
      const bundle = await h.bundle(['sh', '-c', 'cat <&3; ls /proc/self/fd | sort -n | tr "\\n" " "']);
      const r = h.runtime(['run', '--preserve-fds', '1', '--bundle', bundle, h.id()], { extraFds: [fd] });
      expect(r.stdout.split('\n')[0]).toBe('kept open');
      expect(
        r.stdout
          .split('\n')[1]
          .trim()
          .split(' ')
          .map(Number)
          .filter((n) => n > 4),
      ).toEqual([]);
    } finally {
      closeSync(fd);
    }
  });

  it('an exec process gets no runtime fd either', async () => {
    const { id } = h.create(await h.bundle(['sleep', '100']));
    h.runtime(['start', id]);
    const r = h.runtime(['exec', id, 'sh', '-c', 'ls /proc/self/fd | sort -n | tr "\\n" " "']);
    expect(
      r.stdout
        .trim()
        .split(' ')
        .map(Number)
        .filter((n) => n > 3),
    ).toEqual([]);
  });

  (IS_BERTH ? it : it.skip)('refuses a masked path that leaves procfs through a magic link', async () => {
    const r = await h.run(['true'], (s) => (s.linux.maskedPaths = ['/proc/self/root/etc/passwd']));
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/maskedPaths \/proc\/self\/root\/etc\/passwd/);
  });

  it.each([true, false])(
    'loads seccomp whatever noNewPrivileges is (%s), after which dropped capabilities stay dropped',
    async (nnp) => {
      const r = await h.run(
        ['sh', '-c', 'mkdir /tmp/blocked 2>&1 || echo mkdir-denied; grep CapEff /proc/self/status'],
        (s) => {
          s.process.noNewPrivileges = nnp;
          s.linux.seccomp = {
            defaultAction: 'SCMP_ACT_ALLOW',
            architectures: ['SCMP_ARCH_X86_64'],
            syscalls: [{ names: ['mkdir', 'mkdirat'], action: 'SCMP_ACT_ERRNO', errnoRet: 1 }],
          };
        },
      );
      expect(r.stdout).toMatch(/mkdir-denied/);
      expect(r.stdout).toMatch(/CapEff:\s+0000000020000420/);
    },
  );
});
