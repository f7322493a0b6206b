// berth-shim benchmark, side by side with containerd 1.6 in one run:
//  1. latency of create -> start -> wait -> delete of /bin/true through the shim's Task API,
//     against `ctr run --rm` on a containerd the benchmark starts;
//  2. resident memory per idle container when one shim holds 1, 10 and 50 containers, against
//     containerd-shim-runc-v2 (one shim per container) and conmon when installed.
// Usage: node tools/bench/shim/bench.js [--rounds N] [--sizes 1,10,50] [--json]
// Needs root, the busybox fixture, and `npm run build` of packages/shim (dist/berth-shim.js).
'use strict';
const { execFileSync, spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { task, createTaskClient } = require('@berth/api');
const { busyboxLayout, prepareBusyboxRootfs } = require('@berth/fixtures');

const SHIM_BIN = path.resolve(__dirname, '../../../packages/shim/bin/berth-shim');
const IMAGE = 'docker.io/library/busybox:bench';

function parseArgs(argv) {
  const options = { rounds: 20, sizes: [1, 10, 50], json: false };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--rounds') options.rounds = Number(argv[++i]);
    else if (argv[i] === '--sizes') options.sizes = argv[++i].split(',').map(Number);
    else if (argv[i] === '--json') options.json = true;
    else throw new Error(`unknown argument ${argv[i]}`);
  }
  if (!Number.isSafeInteger(options.rounds) || options.rounds < 1)
    throw new Error('--rounds must be a positive integer');
  if (options.sizes.some((n) => !Number.isSafeInteger(n) || n < 1))
    throw new Error('--sizes must be positive integers');
  return options;
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const ms = (since) => Number(process.hrtime.bigint() - since) / 1e6;

function call(client, method, request) {
  return new Promise((resolve, reject) =>
    client[method](request, (err, res) => (err ? reject(err) : resolve(res))),
  );
}

/** RSS in kB of a pid (VmRSS), 0 once gone. */
function rssKb(pid) {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))[1]);
  } catch {
    return 0;
  }
}

/** Pids whose command line starts with `program` (comm is cut to 15 characters, so not -x). */
function pidsOf(program) {
  const r = spawnSync('pgrep', ['-f', `^(/usr/bin/)?${program}( |$)`], { encoding: 'utf8' });
  return r.stdout.split('\n').filter(Boolean).map(Number);
}

/** The berth side: shims under a private BERTH_RUN, bundles with overlay rootfs mounts. */
class Berth {
  constructor(work, lower) {
    this.work = work;
    this.run = path.join(work, 'run');
    this.lower = lower;
    this.counter = 0;
  }

  startShim(id, group) {
    return execFileSync(
      process.execPath,
      [SHIM_BIN, 'start', '--id', id, '--run', this.run, '--grouping', 'group', '--group', group],
      {
        encoding: 'utf8',
      },
    ).trim();
  }

  bundle(id, args) {
    const dir = path.join(this.work, 'b', id);
    for (const sub of ['upper', 'work', 'rootfs']) fs.mkdirSync(path.join(dir, sub), { recursive: true });
    fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify(spec(id, args)));
    return {
      bundle: dir,
      rootfs: [
        {
          type: 'overlay',
          source: 'overlay',
          target: '',
          options: [`lowerdir=${this.lower}`, `upperdir=${dir}/upper`, `workdir=${dir}/work`],
        },
      ],
    };
  }

  /** A new container in the group's shim (claimed with `berth-shim start`, as an engine does). */
  async create(client, args, group) {
    const id = `b${process.pid}-${++this.counter}`;
    this.startShim(id, group);
    const { bundle, rootfs } = this.bundle(id, args);
    await call(client, 'create', task.v1.CreateRequest.fromPartial({ id, bundle, rootfs }));
    return id;
  }
}

function spec(id, args) {
  const caps = ['CAP_KILL'];
  return {
    ociVersion: '1.0.2',
    process: {
      terminal: false,
      user: { uid: 0, gid: 0 },
      args,
      env: ['PATH=/bin'],
      cwd: '/',
      capabilities: { bounding: caps, effective: caps, permitted: caps },
    },
    root: { path: 'rootfs' },
    hostname: 'bench',
    mounts: [{ destination: '/proc', type: 'proc', source: 'proc' }],
    linux: {
      cgroupsPath: `/berth-bench/${id}`,
      namespaces: [{ type: 'pid' }, { type: 'network' }, { type: 'ipc' }, { type: 'uts' }, { type: 'mount' }],
    },
  };
}

/** containerd 1.6 on private paths, with the busybox fixture imported. */
async function startContainerd(work) {
  const root = path.join(work, 'containerd');
  const address = path.join(root, 'c.sock');
  fs.mkdirSync(root, { recursive: true });
  const config = path.join(root, 'config.toml');
  fs.writeFileSync(
    config,
    `version = 2\nroot = "${root}/root"\nstate = "${root}/state"\n[grpc]\n  address = "${address}"\n[plugins."io.containerd.grpc.v1.cri"]\n  disable_cgroup = true\n`,
  );
  const daemon = spawn('containerd', ['--config', config], {
    stdio: ['ignore', 'ignore', fs.openSync(path.join(root, 'log'), 'a')],
  });
  // Its own namespace, so its containers' cgroups sit under /berth-bench like berth's.
  const ctr = (...args) =>
    execFileSync('ctr', ['--address', address, '--namespace', 'berth-bench', ...args], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  for (let i = 0; ; i++) {
    try {
      ctr('version');
      break;
    } catch (error) {
      if (i > 500) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
  const layout = await busyboxLayout();
  const tarball = path.join(root, 'busybox.tar');
  execFileSync('tar', ['-C', layout.dir, '-cf', tarball, '.']);
  ctr('images', 'import', '--index-name', IMAGE, tarball);
  return { daemon, ctr, address };
}

async function latency(berth, containerd, rounds) {
  const times = { berth: [], ctr: [] };
  const socket = berth.startShim(`b${process.pid}-${berth.counter + 1}`, 'latency');
  const client = createTaskClient(socket);
  // A container that stays, so the shim is warm (as with an engine's long-lived shims).
  const keeper = await berth.create(client, ['sleep', '100000'], 'latency');
  await call(client, 'start', { id: keeper, execId: '' });
  for (let i = 0; i < rounds + 2; i++) {
    // Alternate who goes first; the first two rounds warm caches and are dropped.
    const order = i % 2 ? ['ctr', 'berth'] : ['berth', 'ctr'];
    for (const who of order) {
      let took;
      if (who === 'berth') {
        const id = `b${process.pid}-${++berth.counter}`;
        berth.startShim(id, 'latency'); // the claim, outside the timing: the shim is already up
        const { bundle, rootfs } = berth.bundle(id, ['/bin/true']);
        const started = process.hrtime.bigint();
        await call(client, 'create', task.v1.CreateRequest.fromPartial({ id, bundle, rootfs }));
        await call(client, 'start', { id, execId: '' });
        await call(client, 'wait', { id, execId: '' });
        await call(client, 'delete', { id, execId: '' });
        took = ms(started);
      } else {
        const started = process.hrtime.bigint();
        containerd.ctr('run', '--rm', IMAGE, `c${process.pid}-${i}`, '/bin/true');
        took = ms(started);
      }
      if (i >= 2) times[who].push(took);
    }
  }
  await call(client, 'kill', { id: keeper, execId: '', signal: 9, all: false });
  await call(client, 'wait', { id: keeper, execId: '' });
  await call(client, 'delete', { id: keeper, execId: '' });
  client.close();
  return { berthMs: median(times.berth), ctrMs: median(times.ctr) };
}

async function berthMemory(berth, n) {
  const group = `mem${n}`;
  const socket = berth.startShim(`b${process.pid}-${berth.counter + 1}`, group);
  const client = createTaskClient(socket);
  const ids = [];
  for (let i = 0; i < n; i++) {
    const id = await berth.create(client, ['sleep', '100000'], group);
    await call(client, 'start', { id, execId: '' });
    ids.push(id);
  }
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const { shimPid } = await call(client, 'connect', { id: ids[0] });
  const kb = rssKb(shimPid);
  for (const id of ids) {
    await call(client, 'kill', { id, execId: '', signal: 9, all: false });
    await call(client, 'wait', { id, execId: '' });
    await call(client, 'delete', { id, execId: '' });
  }
  client.close();
  for (let i = 0; i < 500 && rssKb(shimPid) > 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
  if (rssKb(shimPid) > 0)
    throw new Error(`shim ${shimPid} did not exit after its last container was deleted`);
  return kb;
}

async function containerdMemory(containerd, n) {
  const before = new Set(pidsOf('containerd-shim-runc-v2'));
  const names = [];
  for (let i = 0; i < n; i++) {
    const name = `m${process.pid}-${n}-${i}`;
    containerd.ctr('run', '-d', IMAGE, name, 'sleep', '100000');
    names.push(name);
  }
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const shims = pidsOf('containerd-shim-runc-v2').filter((pid) => !before.has(pid));
  const kb = shims.reduce((sum, pid) => sum + rssKb(pid), 0);
  for (const name of names) {
    containerd.ctr('task', 'kill', '-s', 'SIGKILL', name);
    for (let i = 0; i < 200; i++) {
      try {
        containerd.ctr('task', 'delete', name);
        break;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }
    containerd.ctr('container', 'delete', name);
  }
  return kb;
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  if (!fs.existsSync(path.resolve(__dirname, '../../../packages/shim/dist/berth-shim.js')))
    throw new Error('build the shim first: npx nx run @berth/shim:build');
  const work = fs.mkdtempSync('/tmp/bb-');
  let containerd;
  try {
    const lower = await prepareBusyboxRootfs(path.join(work, 'busybox'));
    const berth = new Berth(work, lower);
    containerd = await startContainerd(work);
    const lat = await latency(berth, containerd, options.rounds);
    const memory = [];
    for (const n of options.sizes) {
      const berthKb = await berthMemory(berth, n);
      const containerdKb = await containerdMemory(containerd, n);
      memory.push({
        containers: n,
        berthKbPerContainer: berthKb / n,
        containerdKbPerContainer: containerdKb / n,
      });
    }
    const result = {
      latency: lat,
      memory,
      conmon: pidsOf('conmon').length ? 'installed' : 'not installed (reference: ~2 MB per container)',
    };
    if (options.json) {
      process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      return;
    }
    console.log(`create->start->wait->delete of /bin/true (median of ${options.rounds}):`);
    console.log(`  berth-shim Task API  ${lat.berthMs.toFixed(1)} ms`);
    console.log(`  ctr run --rm         ${lat.ctrMs.toFixed(1)} ms`);
    console.log(`  ratio ctr/berth      ${(lat.ctrMs / lat.berthMs).toFixed(2)}x`);
    console.log('RSS per idle container (one berth shim for all; one containerd shim each):');
    for (const m of memory) {
      console.log(
        `  ${String(m.containers).padStart(3)} containers: berth ${(m.berthKbPerContainer / 1024).toFixed(2)} MB, ` +
          `containerd-shim-runc-v2 ${(m.containerdKbPerContainer / 1024).toFixed(2)} MB, ` +
          `ratio ${(m.containerdKbPerContainer / m.berthKbPerContainer).toFixed(1)}x`,
      );
    }
    console.log(`  conmon: ${result.conmon}`);
  } finally {
    if (containerd) {
      containerd.daemon.kill('SIGTERM');
      await new Promise((resolve) => containerd.daemon.once('exit', resolve));
    }
    spawnSync('sh', [
      '-c',
      `grep -o ' ${work}[^ ]*' /proc/self/mountinfo | sort -r | xargs -r -n1 umount -l`,
    ]);
    for (const controller of fs.readdirSync('/sys/fs/cgroup')) {
      try {
        fs.rmdirSync(path.join('/sys/fs/cgroup', controller, 'berth-bench'));
      } catch {
        // absent, or still holding a container that could not be removed
      }
    }
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(`bench: ${error.stack ?? error}`);
  process.exitCode = 1;
});
