// The cgroup v2 device eBPF programs, loaded into and enforced by the real kernel: device programs
// attach to any cgroup2 directory, controllers or not, so this host's cgroup2 mount can run them even
// though it cannot enable v2 controllers. A small C loader (bpf-device-loader.c, built here with cc
// into a temp dir) stands in for the init helper.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  DEFAULT_DEVICE_RULES,
  compileDeviceFilter,
  detectCgroupLayout,
  type DeviceProgram,
  type LinuxDeviceCgroup,
} from '../../src/cgroups';
import { isRoot, removeCgroupDirs, uniqueName } from './helpers';

const unified = isRoot() ? detectCgroupLayout().unified : undefined;
const hasCc = spawnSync('cc', ['--version']).status === 0;
const describeKernel = unified && hasCc ? describe : describe.skip;

describeKernel('device filter programs in the kernel', () => {
  const name = uniqueName('berth-bpftest');
  const parent = path.join(unified?.mountPoint ?? '/', name);
  let workDir: string;
  let loader: string;

  beforeAll(() => {
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-bpf-'));
    loader = path.join(workDir, 'bpf-device-loader');
    execFileSync('cc', ['-O2', '-o', loader, path.join(__dirname, 'bpf-device-loader.c')]);
    fs.mkdirSync(parent);
  });

  afterAll(() => {
    removeCgroupDirs([parent]);
    fs.rmSync(workDir, { recursive: true, force: true });
  });

  function attach(dirName: string, program: DeviceProgram): string {
    const dir = path.join(parent, dirName);
    fs.mkdirSync(dir);
    const result = spawnSync(loader, [dir], { input: program.insns, encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`the kernel refused the program: ${result.stderr}`);
    return dir;
  }

  // Runs a shell inside the cgroup (it joins before running the probes) and reports which succeed.
  // Output goes to the inherited stderr, never to a reopened /dev/null: opening a device is the check.
  async function probe(dir: string, probes: Record<string, string>): Promise<Record<string, boolean>> {
    const script = [
      'read go',
      ...Object.entries(probes).map(
        ([key, cmd]) => `if ${cmd}; then echo "${key} ok"; else echo "${key} denied"; fi`,
      ),
    ].join('\n');
    const child = spawn('sh', ['-c', script], { stdio: ['pipe', 'pipe', 'ignore'] });
    fs.writeFileSync(path.join(dir, 'cgroup.procs'), String(child.pid));
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const done = new Promise((resolve) => child.once('close', resolve));
    child.stdin!.end('go\n');
    await done;
    return Object.fromEntries(
      output
        .trim()
        .split('\n')
        .map((line) => [line.split(' ')[0], line.endsWith(' ok')]),
    );
  }

  const probes = {
    readNull: 'head -c1 /dev/null',
    writeNull: 'echo x > /dev/null',
    readZero: 'head -c1 /dev/zero >&2',
    writeZero: 'echo x > /dev/zero',
    readUrandom: 'head -c1 /dev/urandom >&2',
  };

  it('enforces deny-all followed by allows, with access bits', async () => {
    const rules: LinuxDeviceCgroup[] = [
      { allow: false, access: 'rwm' },
      { allow: true, type: 'c', major: 1, minor: 3, access: 'rwm' },
      { allow: true, type: 'c', major: 1, minor: 5, access: 'r' },
    ];
    const dir = attach('allowlist', compileDeviceFilter(rules));
    expect(await probe(dir, probes)).toEqual({
      readNull: true,
      writeNull: true,
      readZero: true,
      writeZero: false,
      readUrandom: false,
    });
  });

  it('lets later rules override earlier ones, and allows what no rule names', async () => {
    const rules: LinuxDeviceCgroup[] = [
      { allow: false, type: 'c', major: 1, access: 'rwm' },
      { allow: true, type: 'c', major: 1, minor: 9, access: 'rw' },
    ];
    const dir = attach('override', compileDeviceFilter(rules));
    expect(await probe(dir, probes)).toEqual({
      readNull: false,
      writeNull: false,
      readZero: false,
      writeZero: false,
      readUrandom: true,
    });
  });

  it('passes the verifier for the default rules, an empty list and a lone catch-all', () => {
    const sets: LinuxDeviceCgroup[][] = [
      [{ allow: false, access: 'rwm' }, ...DEFAULT_DEVICE_RULES],
      [],
      [{ allow: true, access: 'rwm' }],
      [
        { allow: true, type: 'b', access: 'm' },
        { allow: false, type: 'a', access: 'rwm' },
      ],
    ];
    sets.forEach((rules, i) => expect(() => attach(`verify-${i}`, compileDeviceFilter(rules))).not.toThrow());
  });
});
