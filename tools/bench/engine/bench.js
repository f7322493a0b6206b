// `run --rm busybox true` latency (median of N) and N containers started in parallel, with berth
// (berthd), docker (dockerd 20.10), podman 4.3 and `ctr run` (containerd 1.6), side by side in
// one run, the busybox fixture image loaded into each from one docker-archive (skopeo copy of
// @berth/fixtures' busyboxLayout). Prints medians and berth's ratios to each peer.
// Usage (root): node tools/bench/engine/bench.js [--rounds N] [--parallel N] [--json] [--no-peers]
//   [--profile]   berthd at debug level: the median of each phase of create, start, exit and
//                 remove, for each kind of run (--network none, default network, N at once)
//   [--shim-grouping shared|container]   berthd's shim grouping (default its own: shared)
// Needs the built engine, image-store, network, shim and cli packages (npm run build) and
// Debian's docker.io, podman, containerd and skopeo. Every engine gets its own roots and sockets
// under one temporary directory, stopped and removed at the end, whatever failed.
'use strict';
const { execFile } = require('node:child_process');
const { existsSync, mkdtempSync, readFileSync, statSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { promisify } = require('node:util');
const { busyboxLayout } = require('@berth/fixtures');
const { median, timedRun } = require('../common.js');
const { removeDir, startBerth, startCtr, startDocker, startPodman } = require('./stacks.js');

const run = promisify(execFile);
const TAG = `b${Math.floor(Math.random() * 0xffff)
  .toString(16)
  .padStart(4, '0')}`;
const WARM_UP = 2;

function parseArgs(argv) {
  const options = { rounds: 10, parallel: 50, json: false, peers: true, profile: false };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--rounds') options.rounds = Number(argv[++i]);
    else if (argv[i] === '--parallel') options.parallel = Number(argv[++i]);
    else if (argv[i] === '--json') options.json = true;
    else if (argv[i] === '--no-peers') options.peers = false;
    else if (argv[i] === '--profile') options.profile = true;
    else if (argv[i] === '--shim-grouping') options.shimGrouping = argv[++i];
    else throw new Error(`unknown argument ${argv[i]}`);
  }
  for (const key of ['rounds', 'parallel'])
    if (!Number.isSafeInteger(options[key]) || options[key] < 1)
      throw new Error(`--${key} must be a positive integer`);
  return options;
}

let sequence = 0;
/** The argv of one `run`: foreground with --rm, or detached; no network unless `network`. */
function runArgv(engine, { detach, cmd, network = 'none' }) {
  if (engine.name === 'ctr')
    return [
      ...engine.prefix,
      'run',
      ...(detach ? ['-d'] : ['--rm']),
      engine.image,
      `${TAG}-${sequence++}`,
      ...cmd,
    ];
  return [
    ...engine.prefix,
    'run',
    detach ? '-d' : '--rm',
    ...(network ? ['--network', network] : []),
    ...engine.runArgs,
    engine.image,
    ...cmd,
  ];
}

async function latency(engine, rounds, network) {
  const times = [];
  for (let i = 0; i < rounds; i++)
    times.push(
      (await timedRun(engine.command, runArgv(engine, { detach: false, cmd: ['true'], network }))) * 1000,
    );
  return times;
}

/** Wall time until `count` detached containers, started at once, all run; then removes them. */
async function parallelStart(engine, count) {
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: count }, () =>
      timedRun(engine.command, runArgv(engine, { detach: true, cmd: ['sleep', '1000'] })),
    ),
  );
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  await removeAll(engine);
  return ms;
}

async function removeAll(engine) {
  if (engine.name === 'ctr') {
    const cli = engine.prefix;
    const ids = (await run('ctr', [...cli, 'containers', 'ls', '-q'])).stdout.split('\n').filter(Boolean);
    await Promise.all(
      ids.map((id) => run('ctr', [...cli, 'tasks', 'kill', '-s', 'SIGKILL', id]).catch(() => {})),
    );
    for (const id of ids) {
      for (let i = 0; i < 50; i++) {
        const deleted = await run('ctr', [...cli, 'tasks', 'delete', id]).then(
          () => true,
          (err) => /not found/.test(err.stderr ?? ''),
        );
        if (deleted) break;
        await new Promise((done) => setTimeout(done, 100));
      }
      await run('ctr', [...cli, 'containers', 'delete', id]);
    }
    return;
  }
  const ids = (await run(engine.command, [...engine.prefix, 'ps', '-aq'])).stdout.split('\n').filter(Boolean);
  if (ids.length > 0) await run(engine.command, [...engine.prefix, 'rm', '-f', ...ids]);
}

/**
 * Where berthd's log stands before each kind of berth run: a `timing` line belongs to the kind
 * marked last before it (a run's exit and removal lines may land a moment after its CLI exits,
 * so a kind lasts until the next mark, not until its run returns).
 */
class ProfileMarks {
  constructor(logFile) {
    this.logFile = logFile;
    this.marks = [];
  }

  mark(kind) {
    if (this.logFile)
      this.marks.push({ offset: existsSync(this.logFile) ? statSync(this.logFile).size : 0, kind });
  }

  kindAt(offset) {
    let kind;
    for (const mark of this.marks) if (mark.offset <= offset) kind = mark.kind;
    return kind;
  }
}

/**
 * berthd's `timing` log lines (create, start, exit, remove) as the median of each phase, per
 * kind of run (--network none, the default network, the N at once).
 */
function phaseMedians(marks) {
  const samples = {};
  const text = readFileSync(marks.logFile);
  let offset = 0;
  while (offset < text.length) {
    const end = text.indexOf(10, offset) === -1 ? text.length : text.indexOf(10, offset);
    const line = text.subarray(offset, end).toString();
    const kind = marks.kindAt(offset);
    offset = end + 1;
    if (!kind || kind === 'other' || !line.includes('"msg":"timing"')) continue;
    const { op, ms } = JSON.parse(line);
    const ops = (samples[kind] ??= {});
    ops[op] ??= {};
    for (const [phase, value] of Object.entries(ms)) (ops[op][phase] ??= []).push(value);
  }
  const medians = (phases) =>
    Object.fromEntries(Object.entries(phases).map(([phase, values]) => [phase, Math.round(median(values))]));
  return Object.fromEntries(
    Object.entries(samples).map(([kind, ops]) => [
      kind,
      Object.fromEntries(Object.entries(ops).map(([op, phases]) => [op, medians(phases)])),
    ]),
  );
}

function ratio(a, b) {
  return Number((a / b).toFixed(2));
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  // Short: berth-shim's socket path lies below it and must stay under 108 bytes.
  const dir = mkdtempSync(join(tmpdir(), 'be-'));
  const engines = [];
  try {
    const layout = await busyboxLayout();
    const archive = join(dir, 'busybox.tar');
    await run('skopeo', ['copy', `oci:${layout.dir}:busybox`, `docker-archive:${archive}:busybox:latest`]);
    engines.push(
      await startBerth(join(dir, 'b'), TAG, archive, {
        profile: options.profile,
        shimGrouping: options.shimGrouping,
      }),
    );
    if (options.peers) {
      const octet = (parseInt(TAG.slice(1), 16) % 200) + 21;
      engines.push(
        await startDocker(join(dir, 'docker'), archive, { name: `${TAG}d0`, cidr: `10.${octet}.0.1/24` }),
      );
      engines.push(await startPodman(join(dir, 'podman'), archive));
      engines.push(await startCtr(join(dir, 'ctr'), archive));
    }
    const marks = new ProfileMarks(options.profile ? join(dir, 'b', 'engine.log') : undefined);
    marks.mark('other');
    for (const engine of engines) await latency(engine, WARM_UP, 'none');

    // Rounds interleave the engines (rotating who goes first) so load spikes hit all of them.
    const runs = Object.fromEntries(engines.map((e) => [e.name, []]));
    // Each engine's default network too, where the bench can give it one without touching the
    // host's firewall: berth's own bridge, docker's on a bridge the bench made (see startDocker).
    const docker = engines.find((e) => e.name === 'docker');
    const defaultNetwork = { berth: [], ...(docker ? { docker: [] } : {}) };
    for (let round = 0; round < options.rounds; round++) {
      const order = engines.map((_, i) => engines[(i + round) % engines.length]);
      for (const engine of order) {
        if (engine === engines[0]) marks.mark('--network none');
        runs[engine.name].push(...(await latency(engine, 1, 'none')));
      }
      marks.mark('default network');
      defaultNetwork.berth.push(...(await latency(engines[0], 1, '')));
      if (docker) defaultNetwork.docker.push(...(await latency(docker, 1, '')));
    }
    const parallel = {};
    for (const engine of engines) {
      marks.mark(engine === engines[0] ? `${options.parallel} at once` : 'other');
      try {
        parallel[engine.name] = await parallelStart(engine, options.parallel);
      } catch (err) {
        // One engine failing under load still leaves the others' figures (and this one's error).
        console.error(
          `bench/engine: ${engine.name}: ${options.parallel} at once failed: ${err.message.slice(0, 500)}`,
        );
        parallel[engine.name] = NaN;
        await removeAll(engine).catch(() => undefined);
      }
    }

    const result = {
      rounds: options.rounds,
      parallel: options.parallel,
      latencyMs: Object.fromEntries(engines.map((e) => [e.name, Math.round(median(runs[e.name]))])),
      defaultNetworkMs: Object.fromEntries(
        Object.entries(defaultNetwork).map(([name, times]) => [name, Math.round(median(times))]),
      ),
      parallelMs: Object.fromEntries(engines.map((e) => [e.name, Math.round(parallel[e.name])])),
    };
    result.ratios = Object.fromEntries(
      engines.slice(1).map((e) => [
        e.name,
        {
          latency: ratio(result.latencyMs.berth, result.latencyMs[e.name]),
          parallel: ratio(result.parallelMs.berth, result.parallelMs[e.name]),
        },
      ]),
    );
    marks.mark('other');
    if (options.profile) result.berthPhasesMs = phaseMedians(marks);
    if (options.json) {
      console.log(JSON.stringify(result));
      return;
    }
    console.log(`run --rm busybox true, --network none: median of ${options.rounds} (ms)`);
    for (const e of engines)
      console.log(
        `  ${e.name.padEnd(7)} ${String(result.latencyMs[e.name]).padStart(6)}` +
          (e.name === 'berth' ? '' : `   berth/${e.name} ${result.ratios[e.name].latency}`),
      );
    console.log('run --rm busybox true on the default (bridge) network (ms)');
    console.log(
      `  berth   ${String(result.defaultNetworkMs.berth).padStart(6)}` +
        (result.defaultNetworkMs.docker === undefined
          ? ''
          : `\n  docker  ${String(result.defaultNetworkMs.docker).padStart(6)}   berth/docker ${ratio(
              result.defaultNetworkMs.berth,
              result.defaultNetworkMs.docker,
            )}`),
    );
    console.log(`${options.parallel} containers run -d at once, --network none: wall time (ms)`);
    for (const e of engines)
      console.log(
        `  ${e.name.padEnd(7)} ${String(result.parallelMs[e.name]).padStart(6)}` +
          (e.name === 'berth' ? '' : `   berth/${e.name} ${result.ratios[e.name].parallel}`),
      );
    for (const [kind, ops] of Object.entries(result.berthPhasesMs ?? {})) {
      console.log(`berthd phases, ${kind}: medians (ms; --profile)`);
      for (const [op, phases] of Object.entries(ops))
        console.log(
          `  ${op.padEnd(7)} ${Object.entries(phases)
            .map(([k, v]) => `${k} ${v}`)
            .join(', ')}`,
        );
    }
  } finally {
    for (const engine of engines.reverse())
      await engine
        .stop()
        .catch((err) => console.error(`bench/engine: stopping ${engine.name}: ${err.message}`));
    await removeDir(dir);
  }
}

main().catch((err) => {
  console.error(`bench/engine: ${err.stack ?? err.message}`);
  process.exitCode = 1;
});
