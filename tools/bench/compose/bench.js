// `compose up -d` and `compose down -v` of one three-service application (an httpd serving a
// named volume with a published port, a worker writing into the volume, a client depending on
// the httpd) with berth compose over berthd and with Debian's docker-compose over dockerd 20.10,
// side by side in one run, alternating which goes first. Prints medians and berth/docker ratios.
// Usage (root): node tools/bench/compose/bench.js [--rounds N] [--json]
// Needs `npm run build` (cli, compose, engine, image-store, network, shim, fixtures), and Debian's
// docker.io and docker-compose. Both daemons get their own data roots, sockets and subnets in a
// temporary directory, removed at the end; dockerd runs with --iptables=false --bridge=none so
// it leaves no rules or bridge on the host (published ports go through docker-proxy).
'use strict';
const { spawn } = require('node:child_process');
const { mkdtempSync, mkdirSync, rmSync, writeFileSync, readdirSync, readFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join, resolve } = require('node:path');
const { createHealthClient, createImagesClient } = require('@berth/api');
const { prepareBusyboxRootfs, busyboxLayout } = require('@berth/fixtures');
const { median, parseBenchArgs, timed, waitFor } = require('../common.js');

const PACKAGES = resolve(__dirname, '../../../packages');
const TAG = Math.floor(Math.random() * 0xffff)
  .toString(16)
  .padStart(4, '0');
const OCTET = (parseInt(TAG, 16) % 200) + 20;

// With `trace`, every output line is printed with the milliseconds since the command started.
function exec(program, args, options = {}, trace = false) {
  return new Promise((done, fail) => {
    const started = Date.now();
    const child = spawn(program, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
    let output = '';
    const collect = (chunk) => {
      output += chunk;
      if (trace)
        for (const line of String(chunk).split('\n').filter(Boolean))
          console.log(`  +${Date.now() - started} ms ${line}`);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('error', fail);
    child.on('close', (code) =>
      code === 0 ? done(output) : fail(new Error(`${program} ${args.join(' ')}: ${output.trim()}`)),
    );
  });
}

function healthy(socket) {
  return () =>
    new Promise((done, fail) => {
      const client = createHealthClient(socket);
      client.waitForReady(Date.now() + 1000, (err) => {
        client.close();
        if (err) fail(err);
        else done();
      });
    });
}

// Containers exit on SIGTERM (PID 1 ignores it unless trapped), so `down` measures the
// tools, not a 10 s stop timeout.
const APP = `
services:
  web:
    image: busybox
    command: ["sh", "-c", "trap 'exit 0' TERM; httpd -f -p 80 -h /www & wait"]
    ports: ["127.0.0.1::80"]
    volumes: [site:/www]
  worker:
    image: busybox
    command: ["sh", "-c", "trap 'exit 0' TERM; echo hello > /www/index.html; sleep 100000 & wait"]
    volumes: [site:/www]
    depends_on: [web]
  client:
    image: busybox
    command: ["sh", "-c", "trap 'exit 0' TERM; wget -q -O - http://web/index.html; sleep 100000 & wait"]
    depends_on: [web]
networks:
  default:
    ipam:
      config: [{subnet: "\${SUBNET}"}]
volumes:
  site: {}
`;

async function startBerth(dir, children) {
  const run = join(dir, 'run');
  const child = (args) =>
    children.push(spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'inherit'] }));
  child([
    join(PACKAGES, 'image-store/dist/daemon/entry.js'),
    '--root',
    join(dir, 'images'),
    '--run',
    run,
    '--socket',
    join(run, 'images.sock'),
    '--log-level',
    'warn',
  ]);
  child([
    join(PACKAGES, 'network/bin/berth-network'),
    ...[
      '--root',
      join(dir, 'network'),
      '--run',
      run,
      '--socket',
      join(run, 'network.sock'),
      '--log-level',
      'warn',
    ],
    ...['--table', `berthcb${TAG}`, '--veth-prefix', `v${TAG}`, '--bridge-prefix', `q${TAG}-`],
    ...[
      '--default-network',
      `qb${TAG}`,
      '--default-bridge',
      `qb${TAG}`,
      '--default-subnet',
      `10.235.${OCTET}.0/24`,
    ],
  ]);
  await waitFor(healthy(join(run, 'images.sock')), 'berth-images');
  await waitFor(healthy(join(run, 'network.sock')), 'berth-network');
  const layout = await busyboxLayout();
  const images = createImagesClient(join(run, 'images.sock'));
  await new Promise((done, fail) => {
    const call = images.images.import((err) => (err ? fail(err) : done()));
    const tar = spawn('tar', ['-C', layout.dir, '-c', '.']);
    tar.stdout.on('data', (chunk) => {
      // Respect the stream's backpressure rather than queueing the whole layout in memory.
      if (!call.write({ data: chunk, name: '' })) {
        tar.stdout.pause();
        call.once('drain', () => tar.stdout.resume());
      }
    });
    tar.stdout.on('end', () => call.end());
  });
  images.close();
  child([
    join(PACKAGES, 'engine/dist/daemon/entry.js'),
    ...[
      '--root',
      join(dir, 'engine'),
      '--run',
      run,
      '--socket',
      join(run, 'engine.sock'),
      '--log-level',
      'warn',
    ],
    ...[
      '--shim-binary',
      join(PACKAGES, 'shim/bin/berth-shim'),
      '--init-binary',
      '',
      '--default-network',
      `qb${TAG}`,
    ],
  ]);
  await waitFor(healthy(join(run, 'engine.sock')), 'berthd');
  return join(run, 'engine.sock');
}

async function startDocker(dir, children) {
  const socket = join(dir, 'docker.sock');
  children.push(
    spawn(
      'dockerd',
      [
        ...['--data-root', join(dir, 'docker'), '--exec-root', join(dir, 'dx'), '-H', `unix://${socket}`],
        ...['--pidfile', join(dir, 'docker.pid'), '--iptables=false', '--ip-masq=false', '--bridge=none'],
      ],
      { stdio: ['ignore', 'ignore', 'ignore'] },
    ),
  );
  await waitFor(() => exec('docker', ['-H', `unix://${socket}`, 'version']), 'dockerd');
  const rootfs = join(dir, 'rootfs');
  await prepareBusyboxRootfs(rootfs);
  await exec('sh', ['-c', `tar -C ${rootfs} -c . | docker -H unix://${socket} import - busybox:latest`]);
  return socket;
}

async function main() {
  const options = parseBenchArgs(process.argv.slice(2), { rounds: 5, flags: ['trace'] });
  const dir = mkdtempSync(join(tmpdir(), 'bcb-'));
  const children = [];
  const app = join(dir, 'app');
  mkdirSync(app);
  writeFileSync(join(app, 'compose.yaml'), APP);
  const project = `bench${TAG}`;
  try {
    const engineSocket = await startBerth(dir, children);
    const dockerSocket = await startDocker(dir, children);
    const tools = {
      // What users run: the bundled `berth` CLI, which loads compose for `berth compose`.
      berth: {
        command: join(PACKAGES, 'cli/bin/berth'),
        prefix: ['compose', '-p', project],
        env: { ...process.env, BERTH_HOST: `unix://${engineSocket}`, SUBNET: `10.236.${OCTET}.0/24` },
      },
      docker: {
        command: 'docker-compose',
        prefix: ['-p', project],
        env: { ...process.env, DOCKER_HOST: `unix://${dockerSocket}`, SUBNET: `10.237.${OCTET}.0/24` },
      },
    };
    const times = { berth: { up: [], down: [] }, docker: { up: [], down: [] } };
    // One warm-up round each (first-use costs: page cache, image unpack, shims).
    for (let round = -1; round < options.rounds; round++) {
      const order = round % 2 === 0 ? ['berth', 'docker'] : ['docker', 'berth'];
      for (const name of order) {
        const tool = tools[name];
        if (options.trace) console.log(`${name} up -d`);
        const up = await timed(() =>
          exec(tool.command, [...tool.prefix, 'up', '-d'], { cwd: app, env: tool.env }, options.trace),
        );
        if (options.trace) console.log(`${name} down -v`);
        const down = await timed(() =>
          exec(tool.command, [...tool.prefix, 'down', '-v'], { cwd: app, env: tool.env }, options.trace),
        );
        if (round >= 0) {
          times[name].up.push(up);
          times[name].down.push(down);
        }
      }
    }
    const result = {};
    for (const op of ['up', 'down']) {
      const berth = median(times.berth[op]);
      const docker = median(times.docker[op]);
      result[op] = {
        berthMs: Math.round(berth),
        dockerComposeMs: Math.round(docker),
        ratio: Number((berth / docker).toFixed(2)),
      };
    }
    if (options.json) {
      console.log(JSON.stringify({ rounds: options.rounds, ...result }));
    } else {
      console.log(
        `compose ${options.rounds} rounds, medians (berth compose / docker-compose 1.29 on dockerd 20.10)`,
      );
      for (const op of ['up', 'down']) {
        const r = result[op];
        console.log(
          `  ${op === 'up' ? 'up -d ' : 'down -v'}  berth ${String(r.berthMs).padStart(6)} ms   docker-compose ${String(r.dockerComposeMs).padStart(6)} ms   ratio ${r.ratio}`,
        );
      }
    }
  } finally {
    await cleanup(dir, children);
  }
}

async function cleanup(dir, children) {
  for (const child of children.reverse()) child.kill('SIGTERM');
  await new Promise((done) => setTimeout(done, 2000));
  // Shims of containers still alive after a failure, by their pid files.
  const shims = join(dir, 'run', 'shims');
  for (const shim of (() => {
    try {
      return readdirSync(shims);
    } catch {
      return [];
    }
  })()) {
    try {
      process.kill(Number(readFileSync(join(shims, shim, 'shim.pid'), 'utf8')), 'SIGKILL');
    } catch {
      // gone already
    }
  }
  const links = await exec('ip', ['-o', 'link', 'show']).catch(() => '');
  for (const match of links.matchAll(new RegExp(`^\\d+: ((?:q${TAG}-|qb${TAG}|v${TAG})[^:@]*)`, 'gm'))) {
    await exec('ip', ['link', 'del', match[1]]).catch(() => undefined);
  }
  await exec('nft', ['delete', 'table', 'ip', `berthcb${TAG}`]).catch(() => undefined);
  await exec('sh', [
    '-c',
    `grep ' ${dir}' /proc/self/mounts | cut -d' ' -f2 | sort -r | xargs -r -n1 umount -l`,
  ]).catch(() => undefined);
  rmSync(dir, { recursive: true, force: true });
}

main().catch((err) => {
  console.error(`bench/compose: ${err.message}`);
  process.exitCode = 1;
});
