/**
 * Compiled filters loaded into the real kernel by a small C loader (built here with cc), with
 * real programs run under them. Needs Linux with seccomp and cc; runs as any user.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileSeccomp } from '../../src/seccomp';
import type { SeccompProfileInput } from '../../src/seccomp';
import { dockerLikeProfile } from './docker-like-profile';

const BUSYBOX = '/bin/busybox';
const EACCES = 13;
const SIGSYS_EXIT = 128 + 31;

let dir: string;
let loader: string;
let probe: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'berth-seccomp-'));
  loader = join(dir, 'seccomp-loader');
  const cc = spawnSync('cc', ['-O2', '-Wall', '-Werror', '-o', loader, join(__dirname, 'seccomp-loader.c')], {
    encoding: 'utf8',
  });
  if (cc.status !== 0) throw new Error(`building the seccomp loader failed: ${cc.stderr}`);
  if (process.arch === 'x64') {
    probe = join(dir, 'abi-probe');
    const built = spawnSync(
      'cc',
      ['-O1', '-no-pie', '-Wall', '-Werror', '-o', probe, join(__dirname, 'abi-probe.c')],
      {
        encoding: 'utf8',
      },
    );
    if (built.status !== 0) throw new Error(`building the ABI probe failed: ${built.stderr}`);
  }
});

afterAll(() => {
  if (!dir) return;
  // Only if a filter failed to deny mount(2) is anything mounted here.
  spawnSync('umount', [join(dir, 'mnt')]);
  rmSync(dir, { recursive: true, force: true });
});

let runs = 0;

/** Runs `command` under `profile`; `replyErrno` answers SCMP_ACT_NOTIFY calls. */
function runUnder(profile: SeccompProfileInput, command: string[], replyErrno?: number) {
  const { filter, flags } = compileSeccomp(profile);
  const file = join(dir, `filter-${runs++}.bpf`);
  writeFileSync(file, filter);
  const reply = replyErrno === undefined ? [] : [String(replyErrno)];
  const result = spawnSync(loader, [file, String(flags), ...reply, '--', ...command], {
    encoding: 'utf8',
    cwd: dir,
  });
  return { status: result.status, signal: result.signal, stdout: result.stdout, stderr: result.stderr };
}

const allowBut = (syscalls: SeccompProfileInput['syscalls'], extra: Partial<SeccompProfileInput> = {}) => ({
  defaultAction: 'SCMP_ACT_ALLOW',
  syscalls,
  ...extra,
});
const MKDIR = ['mkdir', 'mkdirat'];

/** A Python one-liner's stdout, for syscalls with chosen arguments. */
function python(profile: SeccompProfileInput, code: string) {
  return runUnder(profile, ['python3', '-c', code]);
}

describe('seccomp filters in the kernel', () => {
  it('returns EPERM for a denied syscall and leaves allowed ones alone', () => {
    const profile = allowBut([{ names: MKDIR, action: 'SCMP_ACT_ERRNO' }]);
    const denied = runUnder(profile, [BUSYBOX, 'mkdir', 'denied']);
    expect(denied.status).toBe(1);
    expect(denied.stderr).toMatch(/Operation not permitted/);
    expect(existsSync(join(dir, 'denied'))).toBe(false);
    const allowed = runUnder(profile, [BUSYBOX, 'sh', '-c', 'echo ok > allowed && cat allowed']);
    expect(allowed).toMatchObject({ status: 0, stdout: 'ok\n' });
  });

  it('returns the configured errno', () => {
    const result = runUnder(allowBut([{ names: MKDIR, action: 'SCMP_ACT_ERRNO', errnoRet: 38 }]), [
      BUSYBOX,
      'mkdir',
      'x',
    ]);
    expect(result.stderr).toMatch(/Function not implemented/);
    // The default action's errno: unshare is not in the docker-like allow list.
    const byDefault = runUnder({ ...dockerLikeProfile(), defaultErrnoRet: 38 }, [
      BUSYBOX,
      'unshare',
      '-U',
      'true',
    ]);
    expect(byDefault.status).not.toBe(0);
    expect(byDefault.stderr).toMatch(/Function not implemented/);
  });

  it('filters personality by its argument value', () => {
    const profile = allowBut([
      {
        names: ['personality'],
        action: 'SCMP_ACT_ERRNO',
        errnoRet: EACCES,
        args: [{ index: 0, value: 8, op: 'SCMP_CMP_EQ' }],
      },
    ]);
    const code = [
      'import ctypes',
      'libc = ctypes.CDLL(None, use_errno=True)',
      'query = libc.personality(0xffffffff)',
      'denied = libc.personality(8)',
      'print(query >= 0, denied, ctypes.get_errno())',
    ].join('\n');
    expect(python(profile, code)).toMatchObject({ status: 0, stdout: `True -1 ${EACCES}\n` });
  });

  it('denies socket for AF_INET only (EQ) and datagram sockets whatever their flags (MASKED_EQ)', () => {
    const profile = allowBut([
      {
        names: ['socket'],
        action: 'SCMP_ACT_ERRNO',
        args: [{ index: 0, value: 2 /* AF_INET */, op: 'SCMP_CMP_EQ' }],
      },
      {
        names: ['socket'],
        action: 'SCMP_ACT_ERRNO',
        errnoRet: EACCES,
        // Python adds SOCK_CLOEXEC to the type; the mask keeps only the socket type bits.
        args: [{ index: 1, value: 0xf, valueTwo: 2 /* SOCK_DGRAM */, op: 'SCMP_CMP_MASKED_EQ' }],
      },
    ]);
    const code = [
      'import socket',
      'def attempt(family, kind):',
      '    try:',
      '        socket.socket(family, kind).close()',
      '        return "ok"',
      '    except OSError as e:',
      '        return str(e.errno)',
      'print(attempt(socket.AF_INET, socket.SOCK_STREAM), attempt(socket.AF_UNIX, socket.SOCK_STREAM),',
      '      attempt(socket.AF_UNIX, socket.SOCK_DGRAM), attempt(socket.AF_INET6, socket.SOCK_STREAM))',
    ].join('\n');
    expect(python(profile, code)).toMatchObject({ status: 0, stdout: `1 ok ${EACCES} ok\n` });
  });

  it.each(['SCMP_ACT_KILL_PROCESS', 'SCMP_ACT_KILL_THREAD', 'SCMP_ACT_KILL', 'SCMP_ACT_TRAP'])(
    '%s ends the process with SIGSYS',
    (action) => {
      const result = runUnder(allowBut([{ names: MKDIR, action }]), [
        BUSYBOX,
        'sh',
        '-c',
        `${BUSYBOX} mkdir killed; echo $?`,
      ]);
      expect(result).toMatchObject({ status: 0, stdout: `${SIGSYS_EXIT}\n` });
      expect(existsSync(join(dir, 'killed'))).toBe(false);
    },
  );

  it('lets SCMP_ACT_LOG calls through, with SECCOMP_FILTER_FLAG_LOG and the other flags accepted', () => {
    const flags = ['SECCOMP_FILTER_FLAG_LOG', 'SECCOMP_FILTER_FLAG_TSYNC', 'SECCOMP_FILTER_FLAG_SPEC_ALLOW'];
    const result = runUnder(allowBut([{ names: MKDIR, action: 'SCMP_ACT_LOG' }], { flags }), [
      BUSYBOX,
      'mkdir',
      'logged',
    ]);
    expect(result.status).toBe(0);
    expect(existsSync(join(dir, 'logged'))).toBe(true);
  });

  it('gives SCMP_ACT_NOTIFY calls to the listener fd, which answers them', () => {
    const profile = allowBut([{ names: MKDIR, action: 'SCMP_ACT_NOTIFY' }], {
      listenerPath: '/run/unused.sock',
      flags: ['SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV'],
    });
    const result = runUnder(profile, [BUSYBOX, 'mkdir', 'notified'], EACCES);
    expect(result.stdout).toMatch(/^notified (83|258)$/m);
    expect(result.stderr).toMatch(/Permission denied/);
    expect(result.status).toBe(1);
    expect(existsSync(join(dir, 'notified'))).toBe(false);
  });

  it('loads a docker-like profile and runs a shell under it', () => {
    expect(runUnder(dockerLikeProfile(), [BUSYBOX, 'sh', '-c', 'echo ok'])).toMatchObject({
      status: 0,
      stdout: 'ok\n',
    });
    mkdirSync(join(dir, 'mnt'));
    const mount = runUnder(dockerLikeProfile(), [BUSYBOX, 'mount', '-t', 'tmpfs', 'none', join(dir, 'mnt')]);
    expect(mount.status).not.toBe(0);
    // busybox words EPERM from mount(2) as "permission denied"; as root, only the filter says so.
    expect(mount.stderr).toMatch(/permission denied/i);
    // Syscalls newer than the profile get ENOSYS (runc's stub), denied old ones EPERM.
    const code = [
      'import ctypes',
      'libc = ctypes.CDLL(None, use_errno=True)',
      'def call(nr):',
      '    libc.syscall(nr, 0, 0, 0, 0, 0)',
      '    return ctypes.get_errno()',
      'print(call(1000), call(165))',
    ].join('\n');
    if (process.arch === 'x64')
      expect(python(dockerLikeProfile(), code)).toMatchObject({ status: 0, stdout: '38 1\n' });
    const unshare = runUnder(dockerLikeProfile(), [BUSYBOX, 'unshare', '-U', 'true']);
    expect(unshare.stderr).toMatch(/Operation not permitted/);
  });

  const onX64 = process.arch === 'x64' ? describe : describe.skip;
  onX64('per ABI on x86_64 (the probe calls mkdir through syscall, int $0x80 and the x32 bit)', () => {
    const EX = 77;
    const profile = (architectures: string[]) => ({
      defaultAction: 'SCMP_ACT_ALLOW',
      architectures,
      syscalls: [
        {
          names: ['mkdir'],
          action: 'SCMP_ACT_ERRNO',
          errnoRet: EX,
          args: [{ index: 1, value: 0o700, op: 'SCMP_CMP_EQ' }],
        },
      ],
    });
    const all = profile(['SCMP_ARCH_X86_64', 'SCMP_ARCH_X86', 'SCMP_ARCH_X32']);

    it.each(['x86_64', 'x86', 'x32'])('filters %s calls by the argument', (abi) => {
      expect(runUnder(all, [probe, abi, join(dir, `abi-${abi}-700`), '700'])).toMatchObject({
        status: 0,
        stdout: `-${EX}\n`,
      });
      const allowed = runUnder(all, [probe, abi, join(dir, `abi-${abi}-755`), '755']);
      // Past the filter, a kernel without CONFIG_X86_X32_ABI answers x32 calls with ENOSYS.
      expect(allowed.stdout).toMatch(abi === 'x32' ? /^(0|-38)\n$/ : /^0\n$/);
      if (allowed.stdout === '0\n') expect(existsSync(join(dir, `abi-${abi}-755`))).toBe(true);
    });

    it.each(['x86', 'x32'])('kills %s calls when the profile does not cover that ABI', (abi) => {
      const result = runUnder(profile(['SCMP_ARCH_X86_64']), [
        probe,
        abi,
        join(dir, `abi-foreign-${abi}`),
        '755',
      ]);
      expect(result.signal).toBe('SIGSYS');
      expect(existsSync(join(dir, `abi-foreign-${abi}`))).toBe(false);
    });
  });
});
