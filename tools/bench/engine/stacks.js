// The four engines the bench compares, each started by the bench under one temporary directory
// with its own roots, sockets and names, the busybox fixture image loaded into each, and each
// able to stop and remove itself: berthd (+ berth-images, berth-network; shared berth-shims
// unless --shim-grouping says otherwise), dockerd 20.10 (with the containerd it launches),
// podman 4.3 (daemonless; own --root/--runroot) and containerd 1.6 driven by `ctr`.
'use strict';
const { execFile, spawn } = require('node:child_process');
const { closeSync, existsSync, openSync, readdirSync, readFileSync } = require('node:fs');
const { mkdir, rm } = require('node:fs/promises');
const { join, resolve } = require('node:path');
const { promisify } = require('node:util');
const { waitFor } = require('../common.js');
const { startContainerd } = require('../images/containerd.js');

const run = promisify(execFile);
const PACKAGES = resolve(__dirname, '../../../packages');
const IMAGE = 'busybox:latest';

function daemon(children, program, args, stderr = 'inherit') {
  const child = spawn(program, args, { stdio: ['ignore', 'ignore', stderr] });
  if (typeof stderr === 'number') closeSync(stderr);
  children.push(child);
  return child;
}

async function stopChildren(children) {
  await Promise.all(
    children.reverse().map(
      (child) =>
        new Promise((done) => {
          if (child.exitCode !== null || child.signalCode !== null) return done();
          const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
          child.once('exit', () => {
            clearTimeout(timer);
            done();
          });
          child.kill('SIGTERM');
        }),
    ),
  );
}

/** berth-network keeps its bridge and nftables table across restarts on purpose: the bench's go here. */
async function removeNetworkLeftovers(tag) {
  const links = (await run('ip', ['-o', 'link', 'show'])).stdout;
  for (const match of links.matchAll(new RegExp(`^\\d+: (${tag}[^:@]*)`, 'gm')))
    await run('ip', ['link', 'del', match[1]]).catch(() => undefined);
  await run('nft', ['delete', 'table', 'ip', tag]).catch(() => undefined);
}

/**
 * berthd with berth-images and berth-network, from the built packages, in `dir`. With `profile`,
 * berthd logs at debug level into `dir/engine.log`: its `timing` lines are the run path's phases.
 */
async function startBerth(dir, tag, archive, { profile = false, shimGrouping } = {}) {
  const runDir = join(dir, 'run');
  const children = [];
  const common = (name) => [
    ...['--root', join(dir, name), '--run', runDir, '--socket', join(runDir, `${name}.sock`)],
    ...['--log-level', 'warn'],
  ];
  daemon(children, process.execPath, [
    join(PACKAGES, 'image-store/dist/daemon/entry.js'),
    ...common('images'),
  ]);
  daemon(children, process.execPath, [
    join(PACKAGES, 'network/bin/berth-network'),
    ...common('network'),
    ...['--table', tag, '--veth-prefix', `${tag}v`, '--bridge-prefix', `${tag}-`],
    ...['--default-network', tag, '--default-bridge', tag],
    ...['--default-subnet', `10.${(parseInt(tag.slice(1), 16) % 200) + 20}.0.0/24`],
  ]);
  try {
    await waitFor(async () => {
      if (!existsSync(join(runDir, 'images.sock')) || !existsSync(join(runDir, 'network.sock')))
        throw new Error();
    }, 'berth-images and berth-network');
  } catch (err) {
    await stopChildren(children);
    await removeNetworkLeftovers(tag);
    throw err;
  }
  await mkdir(dir, { recursive: true });
  daemon(
    children,
    process.execPath,
    [
      join(PACKAGES, 'engine/dist/daemon/entry.js'),
      ...common('engine'),
      ...[
        '--shim-binary',
        join(PACKAGES, 'shim/bin/berth-shim'),
        '--init-binary',
        '',
        '--default-network',
        tag,
      ],
      ...(profile ? ['--log-level', 'debug'] : []),
      ...(shimGrouping ? ['--shim-grouping', shimGrouping] : []),
    ],
    profile ? openSync(join(dir, 'engine.log'), 'a') : 'inherit',
  );
  const host = `unix://${join(runDir, 'engine.sock')}`;
  const cli = [join(PACKAGES, 'cli/bin/berth'), '-H', host];
  try {
    await waitFor(() => run(process.execPath, [...cli, 'version']), 'berthd');
    await run(process.execPath, [...cli, 'load', '-i', archive]);
  } catch (err) {
    await stopChildren(children);
    await removeNetworkLeftovers(tag);
    throw err;
  }
  return {
    name: 'berth',
    command: process.execPath,
    prefix: cli,
    runArgs: [],
    image: IMAGE,
    async stop() {
      const ids = (await run(process.execPath, [...cli, 'ps', '-aq']).catch(() => ({ stdout: '' }))).stdout
        .split('\n')
        .filter(Boolean);
      if (ids.length > 0) await run(process.execPath, [...cli, 'rm', '-f', ...ids]).catch(() => undefined);
      await stopChildren(children);
      for (const shim of existsSync(join(runDir, 'shims')) ? readdirSync(join(runDir, 'shims')) : []) {
        try {
          process.kill(Number(readFileSync(join(runDir, 'shims', shim, 'shim.pid'), 'utf8')), 'SIGKILL');
        } catch {
          // gone already
        }
      }
      await removeNetworkLeftovers(tag);
    },
  };
}

/**
 * dockerd with its own data root, exec root, pidfile and socket; it launches its own containerd
 * under the exec root. Its default network is a bridge the bench makes (`bridge`: name and
 * gateway CIDR), so `docker run` without --network costs what it costs users (a veth pair and
 * an address per container); no iptables, masquerading or ip_forward change: nothing of it
 * stays on the host. Without `bridge`, docker has no default network.
 */
async function startDocker(dir, archive, bridge) {
  const socket = join(dir, 'docker.sock');
  const children = [];
  if (bridge) {
    await run('ip', ['link', 'add', bridge.name, 'type', 'bridge']);
    await run('ip', ['addr', 'add', bridge.cidr, 'dev', bridge.name]);
    await run('ip', ['link', 'set', bridge.name, 'up']);
  }
  const removeBridge = () =>
    bridge ? run('ip', ['link', 'del', bridge.name]).catch(() => undefined) : undefined;
  daemon(
    children,
    'dockerd',
    [
      ...['--data-root', join(dir, 'data'), '--exec-root', join(dir, 'exec'), '-H', `unix://${socket}`],
      ...['--pidfile', join(dir, 'docker.pid'), '--iptables=false', '--ip-masq=false', '--ip-forward=false'],
      `--bridge=${bridge ? bridge.name : 'none'}`,
    ],
    'ignore',
  );
  const cli = ['-H', `unix://${socket}`];
  try {
    await waitFor(() => run('docker', [...cli, 'version']), 'dockerd');
    await run('docker', [...cli, 'load', '-i', archive]);
  } catch (err) {
    await stopChildren(children);
    await removeBridge();
    throw err;
  }
  return {
    name: 'docker',
    command: 'docker',
    prefix: cli,
    runArgs: [],
    image: IMAGE,
    async stop() {
      const ids = (await run('docker', [...cli, 'ps', '-aq']).catch(() => ({ stdout: '' }))).stdout
        .split('\n')
        .filter(Boolean);
      if (ids.length > 0) await run('docker', [...cli, 'rm', '-f', ...ids]).catch(() => undefined);
      await stopChildren(children);
      await removeBridge();
    },
  };
}

/** podman, daemonless, with its own storage and run state; cgroupfs and file events (no systemd), runc. */
async function startPodman(dir, archive) {
  const global = [
    ...['--root', join(dir, 'root'), '--runroot', join(dir, 'run'), '--tmpdir', join(dir, 'tmp')],
    ...['--cgroup-manager', 'cgroupfs', '--events-backend', 'file'],
    // runc, as docker and containerd use: this host's hybrid cgroup layout is one crun refuses.
    ...['--runtime', 'runc'],
  ];
  await mkdir(join(dir, 'tmp'), { recursive: true });
  await run('podman', [...global, 'load', '-i', archive]);
  return {
    name: 'podman',
    command: 'podman',
    prefix: global,
    // This host's hard RLIMIT_NOFILE is below podman's default, which crun then cannot raise.
    runArgs: ['--ulimit', 'nofile=1024:1024', '--ulimit', 'nproc=1024:1024'],
    image: `docker.io/library/${IMAGE}`,
    async stop() {
      await run('podman', [...global, 'rm', '--all', '--force']).catch(() => undefined);
      await run('podman', [...global, 'system', 'reset', '--force']).catch(() => undefined);
    },
  };
}

/** containerd with its own root, state and socket, driven by `ctr run`. */
async function startCtr(dir, archive) {
  const containerd = await startContainerd(dir);
  const cli = ['-a', containerd.address, '-n', 'bench'];
  await run('ctr', [...cli, 'images', 'import', archive]);
  return {
    name: 'ctr',
    command: 'ctr',
    prefix: cli,
    runArgs: [],
    image: `docker.io/library/${IMAGE}`,
    async stop() {
      const tasks = (await run('ctr', [...cli, 'tasks', 'ls', '-q']).catch(() => ({ stdout: '' }))).stdout;
      for (const id of tasks.split('\n').filter(Boolean))
        await run('ctr', [...cli, 'tasks', 'kill', '-s', 'SIGKILL', id]).catch(() => undefined);
      await new Promise((done) => setTimeout(done, 500));
      const containers = (await run('ctr', [...cli, 'containers', 'ls', '-q']).catch(() => ({ stdout: '' })))
        .stdout;
      for (const id of containers.split('\n').filter(Boolean)) {
        await run('ctr', [...cli, 'tasks', 'delete', id]).catch(() => undefined);
        await run('ctr', [...cli, 'containers', 'delete', id]).catch(() => undefined);
      }
      await containerd.stop();
    },
  };
}

/** Unmounts whatever an engine left mounted under `dir`, then removes it. */
async function removeDir(dir) {
  await run('sh', [
    '-c',
    `grep ' ${dir}' /proc/self/mounts | cut -d' ' -f2 | sort -r | xargs -r -n1 umount -l`,
  ]).catch(() => undefined);
  await rm(dir, { recursive: true, force: true });
}

module.exports = { IMAGE, removeDir, startBerth, startCtr, startDocker, startPodman };
