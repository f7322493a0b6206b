// Attach + detach latency of berth-network against Debian's CNI plugin chain (bridge +
// host-local + portmap + firewall + tuning), side by side in one run, plus DNS query latency of
// berth-network's resolver. Each attach publishes one TCP port on both sides. After every Detach
// (untimed) it checks that the container's interface is already gone from its namespace, the
// promise Detach makes when it returns before the kernel has freed the veth.
// Usage (root): node tools/bench/network/bench.js [--rounds N] [--json]
// Needs `npm run build` of @berth/network (the bundled daemon and the CNI executor in dist/).
// Everything it creates (netns, bridges, nft table, state) is unique to the run and removed.
'use strict';
const { spawn } = require('node:child_process');
const dgram = require('node:dgram');
const { existsSync, mkdtempSync, rmSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const dnsPacket = require('dns-packet');
const { network: api, createNetworkClient } = require('@berth/api');
const { cniChainsExist, removeCniChains } = require('@berth/fixtures');
const { CniDriver } = require('@berth/network');
const { median, parseBenchArgs, percentile, timed } = require('../common.js');

const pkg = join(__dirname, '../../../packages/network');
const daemonBundle = join(pkg, 'dist/bundle/berth-network.js');
const pb = api.v1;

function exec(program, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`${program} ${args.join(' ')}: ${stderr.trim()}`)),
    );
  });
}

/** Runs a program; resolves with its stdout. */
function capture(program, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(stdout) : reject(new Error(`${program} ${args.join(' ')}: ${stderr.trim()}`)),
    );
  });
}

function unary(client, method, request) {
  return new Promise((resolve, reject) =>
    client[method](request, (error, response) => (error ? reject(error) : resolve(response))),
  );
}

function dnsQuery(socket, server, name, id) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no DNS answer for ${name}`)), 2000);
    socket.once('message', (message) => {
      clearTimeout(timer);
      resolve(dnsPacket.decode(message));
    });
    socket.send(
      dnsPacket.encode({
        type: 'query',
        id,
        flags: dnsPacket.RECURSION_DESIRED,
        questions: [{ type: 'A', name }],
      }),
      53,
      server,
    );
  });
}

/** A local resolver standing in for the host's upstream, so forwarded queries stay on 127.0.0.1. */
async function fakeUpstream() {
  const socket = dgram.createSocket('udp4');
  socket.on('message', (message, remote) => {
    const query = dnsPacket.decode(message);
    const answers = [{ type: 'A', name: query.questions[0].name, ttl: 60, data: '192.0.2.10' }];
    socket.send(
      dnsPacket.encode({ type: 'response', id: query.id, questions: query.questions, answers }),
      remote.port,
      remote.address,
    );
  });
  await new Promise((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return socket;
}

async function waitForSocket(client) {
  await new Promise((resolve, reject) =>
    client.waitForReady(Date.now() + 10_000, (error) => (error ? reject(error) : resolve())),
  );
}

async function main() {
  const options = parseBenchArgs(process.argv.slice(2), { rounds: 30 });
  if (!existsSync(daemonBundle))
    throw new Error(`${daemonBundle} is missing: run npx nx run @berth/network:build`);
  const tag = `${(process.pid % 46656).toString(36)}`;
  const work = mkdtempSync(join(tmpdir(), 'berth-bench-network-'));
  const netnsDir = join(work, 'netns');
  const bridges = [`bnb${tag}def`, `bnc${tag}`];
  const table = `bench_${tag}`;
  // The CNI plugins leave their top-level iptables chains behind: removed at the end if ours.
  const hadCniChains = await cniChainsExist();
  const upstream = await fakeUpstream();
  const daemon = spawn(
    process.execPath,
    [
      daemonBundle,
      `--root=${join(work, 'state')}`,
      `--run=${work}`,
      `--table=${table}`,
      `--veth-prefix=bnv${tag}`,
      `--bridge-prefix=bnb${tag}`,
      `--default-bridge=${bridges[0]}`,
      '--default-subnet=10.231.90.0/24',
      `--upstreams=127.0.0.1:${upstream.address().port}`,
      '--log-level=warn',
    ],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const client = createNetworkClient(join(work, 'network.sock'));
  const conflist = join(work, 'chain.conflist');
  writeFileSync(
    conflist,
    JSON.stringify({
      cniVersion: '1.0.0',
      name: `bench-${tag}`,
      plugins: [
        {
          type: 'bridge',
          bridge: bridges[1],
          isGateway: true,
          ipMasq: true,
          ipam: {
            type: 'host-local',
            ranges: [[{ subnet: '10.231.91.0/24' }]],
            dataDir: join(work, 'host-local'),
          },
        },
        { type: 'portmap', capabilities: { portMappings: true } },
        { type: 'firewall' },
        { type: 'tuning' },
      ],
    }),
  );
  const cni = new CniDriver(['/usr/lib/cni'], join(work, 'cni-cache'));
  const times = { berthAttach: [], berthDetach: [], cniAdd: [], cniDel: [], dnsLocal: [], dnsForward: [] };
  try {
    await waitForSocket(client);
    // One namespace per side, re-used every round: namespace creation is not what is measured.
    const berthNs = (await unary(client, 'createNetns', { name: `bench-berth-${tag}` })).path;
    const cniNs = (await unary(client, 'createNetns', { name: `bench-cni-${tag}` })).path;
    const warmup = 3;
    for (let round = 0; round < options.rounds + warmup; round++) {
      const keep = round >= warmup;
      const port = { hostPort: 18900, containerPort: 80, protocol: pb.Protocol.PROTOCOL_TCP };
      const request = pb.AttachRequest.fromPartial({
        containerId: `bench${round}`,
        name: 'bench',
        netnsPath: berthNs,
        network: 'berth0',
        ports: [port],
      });
      const attach = await timed(() => unary(client, 'attach', request));
      const detach = await timed(() =>
        unary(client, 'detach', { containerId: `bench${round}`, network: '' }),
      );
      const links = await capture('nsenter', [`--net=${berthNs}`, '--', 'ip', '-o', 'link', 'show']);
      if (/\beth0\b/.test(links)) throw new Error(`eth0 is still in the namespace after Detach: ${links}`);
      const invocation = {
        containerId: `bench${round}`,
        netnsPath: cniNs,
        ifname: 'eth0',
        ports: [{ hostIp: '', hostPort: 18901, containerPort: 80, protocol: 'tcp' }],
      };
      const add = await timed(() => cni.add(conflist, invocation));
      const del = await timed(() => cni.del(conflist, invocation));
      if (keep) {
        times.berthAttach.push(attach);
        times.berthDetach.push(detach);
        times.cniAdd.push(add);
        times.cniDel.push(del);
      }
    }

    await unary(
      client,
      'attach',
      pb.AttachRequest.fromPartial({
        containerId: 'dns',
        name: 'resolver-target',
        netnsPath: berthNs,
        network: 'berth0',
      }),
    );
    const socket = dgram.createSocket('udp4');
    await new Promise((resolve) => socket.bind(0, resolve));
    for (let i = 0; i < options.rounds * 10 + 20; i++) {
      const local = await timed(() =>
        dnsQuery(socket, '10.231.90.1', 'resolver-target.berth.internal', i * 2),
      );
      const forwarded = await timed(() => dnsQuery(socket, '10.231.90.1', 'example.test', i * 2 + 1));
      if (i >= 20) {
        times.dnsLocal.push(local);
        times.dnsForward.push(forwarded);
      }
    }
    socket.close();
    await unary(client, 'detach', { containerId: 'dns', network: '' });
    await unary(client, 'removeNetns', { name: `bench-berth-${tag}` });
    await unary(client, 'removeNetns', { name: `bench-cni-${tag}` });
  } finally {
    client.close();
    daemon.kill('SIGTERM');
    await new Promise((resolve) => (daemon.exitCode === null ? daemon.once('exit', resolve) : resolve()));
    upstream.close();
    for (const dev of bridges) await exec('ip', ['link', 'del', dev]).catch(() => undefined);
    await exec('nft', ['delete', 'table', 'ip', table]).catch(() => undefined);
    if (!hadCniChains) await removeCniChains().catch(() => undefined);
    for (const name of [`bench-berth-${tag}`, `bench-cni-${tag}`])
      await exec('umount', [join(netnsDir, name)]).catch(() => undefined);
    rmSync(work, { recursive: true, force: true });
  }

  const summary = Object.fromEntries(
    Object.entries(times).map(([key, values]) => [
      key,
      { median: median(values), p90: percentile(values, 90), n: values.length },
    ]),
  );
  const ratios = {
    attach: summary.cniAdd.median / summary.berthAttach.median,
    detach: summary.cniDel.median / summary.berthDetach.median,
  };
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ summary, ratios }, null, 2)}\n`);
    return;
  }
  const ms = (v) => `${v.toFixed(1).padStart(7)} ms`;
  const row = (label, s) =>
    console.log(`${label.padEnd(44)} median ${ms(s.median)}   p90 ${ms(s.p90)}   n=${s.n}`);
  row('berth-network Attach (gRPC, 1 port)', summary.berthAttach);
  row('CNI chain ADD (bridge+host-local+portmap+fw+tuning)', summary.cniAdd);
  row('berth-network Detach (gRPC)', summary.berthDetach);
  row('CNI chain DEL', summary.cniDel);
  row('DNS A query, container name (UDP)', summary.dnsLocal);
  row('DNS A query, forwarded to a local upstream', summary.dnsForward);
  console.log(
    `ratio CNI/berth: attach ${ratios.attach.toFixed(1)}x, detach ${ratios.detach.toFixed(1)}x (goal: >= 5x)`,
  );
}

main().catch((error) => {
  console.error(`bench: ${error.message}`);
  process.exitCode = 1;
});
