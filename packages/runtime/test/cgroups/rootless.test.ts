// --rootless: hierarchies the runtime may not write are left out instead of failing, as runc does,
// unless a limit needs them. Root is never refused by permissions, so the refusal comes from a real
// read-only bind mount (EROFS) over one hierarchy of a fake v1 tree in a temp dir.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  CgroupIoError,
  CgroupUnsupportedError,
  createCgroupManager,
  detectCgroupLayout,
} from '../../src/cgroups';
import { isRoot } from './helpers';

const describeRoot = isRoot() ? describe : describe.skip;

describeRoot('rootless cgroup manager', () => {
  let root: string;
  let readOnly: string;
  let mounted = false;

  beforeAll(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-rootless-'));
    // pids is writable and already has the container's cgroup (files pre-made: a fake does not make them).
    const leaf = path.join(root, 'pids', 'ctr');
    fs.mkdirSync(leaf, { recursive: true });
    for (const file of ['cgroup.procs', 'pids.max', 'pids.current'])
      fs.writeFileSync(path.join(leaf, file), '');
    readOnly = path.join(root, 'memory');
    fs.mkdirSync(readOnly);
    execFileSync('mount', ['--bind', readOnly, readOnly]);
    mounted = true;
    execFileSync('mount', ['-o', 'remount,bind,ro', readOnly]);
  });

  afterAll(() => {
    if (mounted) execFileSync('umount', [readOnly]);
    fs.rmSync(root, { recursive: true, force: true });
  });

  function layout(): ReturnType<typeof detectCgroupLayout> {
    const mountinfo =
      `40 30 0:40 / ${root}/pids rw - cgroup cgroup rw,pids\n` +
      `41 30 0:41 / ${root}/memory rw - cgroup cgroup rw,memory\n`;
    return detectCgroupLayout(root, { mountinfo, procCgroup: '2:pids:/\n1:memory:/\n' });
  }

  it('without --rootless, a hierarchy it cannot write fails the apply', () => {
    const manager = createCgroupManager({ id: 'ctr', cgroupsPath: '/ctr', layout: layout() });
    expect(() => manager.apply(process.pid)).toThrow(CgroupIoError);
  });

  it('with --rootless, it joins what it can and leaves the rest out of paths()', () => {
    const manager = createCgroupManager({ id: 'ctr', cgroupsPath: '/ctr', layout: layout(), rootless: true });
    manager.apply(4242);
    expect(manager.paths()).toEqual({ pids: path.join(root, 'pids', 'ctr') });
    expect(fs.readFileSync(path.join(root, 'pids', 'ctr', 'cgroup.procs'), 'utf8')).toBe('4242');
    manager.set({ pids: { limit: 10 } });
    expect(fs.readFileSync(path.join(root, 'pids', 'ctr', 'pids.max'), 'utf8')).toBe('10');
    expect(() => manager.set({ memory: { limit: 1 << 20 } })).toThrow(CgroupUnsupportedError);
    expect(() => manager.set({ memory: { limit: 1 << 20 } })).toThrow(
      /linux\.resources\.memory: cannot set cgroup limits without permission \(rootless\)/,
    );
  });
});
