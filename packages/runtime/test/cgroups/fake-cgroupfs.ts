// A FAKE cgroup v2 tree in a temp dir. cgroup v2 controllers cannot be enabled on this build host
// (they are bound to its v1 hierarchies), so the v2 manager's controller files are tested against
// regular files laid out and pre-filled like the kernel's (test/fixtures/cgroupfs). What the fake
// cannot do: create interface files on mkdir (tests pre-create their cgroups with fakeCgroup),
// parse or reject writes (each write simply replaces the file), or freeze tasks.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

type FileSet = Record<string, string>;
const FILES = JSON.parse(
  fs.readFileSync(path.join(__dirname, '../fixtures/cgroupfs/v2-interface-files.json'), 'utf8'),
) as Record<string, FileSet>;

export const FAKE_CONTROLLERS = ['cpuset', 'cpu', 'io', 'memory', 'hugetlb', 'pids', 'rdma'];
export const FAKE_HUGEPAGE_SIZES = ['2MB', '1GB'];

function writeFiles(dir: string, files: FileSet): void {
  for (const [name, value] of Object.entries(files)) {
    if (name.includes('{size}')) {
      for (const size of FAKE_HUGEPAGE_SIZES) {
        fs.writeFileSync(path.join(dir, name.replace('{size}', size)), value);
      }
    } else {
      fs.writeFileSync(path.join(dir, name), value);
    }
  }
}

export interface FakeCgroupfs {
  /** The temp dir standing for /sys/fs/cgroup (the cgroup2 mount itself). */
  root: string;
  /** A /proc/self/mountinfo line set that mounts the fake as cgroup2. */
  mountinfo: string;
  remove(): void;
}

export function createFakeCgroup2(controllers: string[] = FAKE_CONTROLLERS): FakeCgroupfs {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-fake-cgroup2-'));
  writeFiles(root, FILES.root!);
  fs.writeFileSync(path.join(root, 'cgroup.controllers'), `${controllers.join(' ')}\n`);
  return {
    root,
    mountinfo: `25 20 0:26 / ${root} rw,nosuid,nodev,noexec,relatime shared:4 - cgroup2 cgroup2 rw,nsdelegate\n`,
    remove: () => fs.rmSync(root, { recursive: true, force: true }),
  };
}

/** Creates a cgroup (and its missing parents) as the kernel would with `controllers` enabled above it. */
export function fakeCgroup(root: string, rel: string, controllers: string[] = FAKE_CONTROLLERS): string {
  let dir = root;
  for (const part of rel.split('/').filter(Boolean)) {
    dir = path.join(dir, part);
    if (fs.existsSync(dir)) continue;
    fs.mkdirSync(dir);
    writeFiles(dir, FILES.core!);
    fs.writeFileSync(path.join(dir, 'cgroup.controllers'), `${controllers.join(' ')}\n`);
    for (const controller of controllers) writeFiles(dir, FILES[controller] ?? {});
  }
  return dir;
}

export function readFake(dir: string, file: string): string {
  return fs.readFileSync(path.join(dir, file), 'utf8').trim();
}
