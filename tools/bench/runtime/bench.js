#!/usr/bin/env node
// berth-runtime side by side with runc and crun in one run (medians, milliseconds):
//   `run` of /bin/true in a busybox bundle, create / start / delete separately, `node -e 0`,
//   `berth-runtime --version`, and the library's in-process create -> start -> wait -> delete.
// Every round times each of them once, one after the other, so a machine whose load changes
// during the run (2 cores shared with other builds) weighs on all of them alike.
// crun refuses this host's hybrid cgroup layout, so it runs in a private mount namespace with the
// cgroup2 mount hidden (the way the issue measured it), in a child that times it on request.
// Usage: node tools/bench/runtime/bench.js [--iterations N] [--baseline DIR]
//   (root; build @berth/runtime first). --baseline names another build of packages/runtime (bin/,
//   dist/ and build/ of an earlier commit): its CLI run and library lifecycle are timed in the same
//   rounds, so a before/after comparison sees the same load.
/* global __filename */
'use strict';
const { execFileSync, spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const readline = require('node:readline');
const { median } = require('../common.js');

// berth-runtime's launcher drops NODE_EXTRA_CA_CERTS (it never opens TLS; a host that sets it
// makes every Node start parse a CA bundle). Drop it for every process timed here too, so that
// `node -e 0`, the baseline subtracted from berth's run, pays exactly what berth's Node pays.
delete process.env.NODE_EXTRA_CA_CERTS;

const repo = path.resolve(__dirname, '..', '..', '..');
const berth = path.join(repo, 'packages/runtime/bin/berth-runtime');
const iterArg = process.argv.indexOf('--iterations');
const N = iterArg > 0 ? Number(process.argv[iterArg + 1]) : 30;
const baselineArg = process.argv.indexOf('--baseline');
const baselineDir = baselineArg > 0 ? path.resolve(process.argv[baselineArg + 1]) : undefined;

function timeCommand(cmd, args) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { stdio: 'ignore' });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}`);
  return ms;
}

/** One container through `run`, and one through create, start and delete: their times. */
function cycle(bin, bundle, root, id) {
  const times = { run: timeCommand(bin, ['--root', root, 'run', '--bundle', bundle, id]) };
  const split = `${id}-split`;
  times.create = timeCommand(bin, ['--root', root, 'create', '--bundle', bundle, split]);
  times.start = timeCommand(bin, ['--root', root, 'start', split]);
  waitStopped(bin, root, split);
  times.delete = timeCommand(bin, ['--root', root, 'delete', split]);
  return times;
}

function waitStopped(bin, root, id) {
  for (let i = 0; i < 1000; i++) {
    const r = spawnSync(bin, ['--root', root, 'state', id], { encoding: 'utf8' });
    if (r.status === 0 && JSON.parse(r.stdout).status === 'stopped') return;
  }
  throw new Error(`${id} never stopped`);
}

/** Child mode, inside the private mount namespace: one crun cycle per line read. */
function crunServer(bundle, root) {
  const lines = readline.createInterface({ input: process.stdin });
  lines.on('line', (id) => process.stdout.write(`${JSON.stringify(cycle('crun', bundle, root, id))}\n`));
}

function startCrunServer(bundle, root) {
  const child = spawn(
    'unshare',
    [
      '-m',
      '--propagation',
      'private',
      'sh',
      '-c',
      `umount /sys/fs/cgroup/unified 2>/dev/null; exec "${process.execPath}" "${__filename}" --crun-server "${bundle}" "${root}"`,
    ],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const replies = readline.createInterface({ input: child.stdout });
  const waiting = [];
  replies.on('line', (line) => waiting.shift()?.resolve(JSON.parse(line)));
  child.on('exit', (code) => {
    for (const w of waiting.splice(0)) w.reject(new Error(`crun bench child exited ${code}`));
  });
  return {
    cycle(id) {
      return new Promise((resolve, reject) => {
        waiting.push({ resolve, reject });
        child.stdin.write(`${id}\n`);
      });
    },
    close() {
      child.stdin.end();
    },
  };
}

async function libraryLifecycle(rt, bundle, id) {
  const t0 = process.hrtime.bigint();
  const c = await rt.create(id, { bundle, wait: true, stdio: ['ignore', 'ignore', 'ignore'] });
  await rt.start(id);
  await c.exited;
  await rt.delete(id);
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

async function main() {
  if (process.argv.includes('--crun-server')) {
    const [bundle, root] = process.argv.slice(process.argv.indexOf('--crun-server') + 1);
    crunServer(bundle, root);
    return;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-bench-'));
  let crun;
  try {
    const bundle = path.join(dir, 'bundle');
    fs.mkdirSync(bundle);
    const { prepareBusyboxRootfs } = require(path.join(repo, 'tools/fixtures/dist/index.js'));
    await prepareBusyboxRootfs(path.join(bundle, 'rootfs'));
    execFileSync(berth, ['spec', '--bundle', bundle]);
    const spec = JSON.parse(fs.readFileSync(path.join(bundle, 'config.json'), 'utf8'));
    spec.ociVersion = '1.0.2'; // crun 1.8.1 knows only 1.0.x
    spec.process.terminal = false;
    spec.process.args = ['/bin/true'];
    spec.root.readonly = false;
    fs.writeFileSync(path.join(bundle, 'config.json'), JSON.stringify(spec));

    crun = startCrunServer(bundle, path.join(dir, 'crun'));
    const { Runtime } = require(path.join(repo, 'packages/runtime/dist/index.js'));
    const rt = new Runtime({ root: path.join(dir, 'lib') });
    const baseline = baselineDir && {
      bin: path.join(baselineDir, 'bin/berth-runtime'),
      rt: new (require(path.join(baselineDir, 'dist/index.js')).Runtime)({
        root: path.join(dir, 'base-lib'),
      }),
    };
    const ops = () => ({ run: [], create: [], start: [], delete: [] });
    const samples = {
      node: [],
      version: [],
      library: [],
      baselineLibrary: [],
      'berth-runtime': ops(),
      ...(baseline ? { baseline: ops() } : {}),
      runc: ops(),
      crun: ops(),
    };
    const add = (into, times) => Object.entries(times).forEach(([op, ms]) => into[op].push(ms));
    for (let i = 0; i < N; i++) {
      const id = `bench-${process.pid}-${i}`;
      samples.node.push(timeCommand(process.execPath, ['-e', '0']));
      samples.version.push(timeCommand(berth, ['--version']));
      // A cgroup move right after another skips the kernel's grace period: with a baseline, the
      // two builds take turns going first.
      const pair = [
        () => add(samples['berth-runtime'], cycle(berth, bundle, path.join(dir, 'berth'), id)),
        ...(baseline
          ? [() => add(samples.baseline, cycle(baseline.bin, bundle, path.join(dir, 'base'), id))]
          : []),
      ];
      for (const run of i % 2 ? pair.reverse() : pair) run();
      add(samples.runc, cycle('runc', bundle, path.join(dir, 'runc'), id));
      add(samples.crun, await crun.cycle(id));
      const libraries = [
        async () => samples.library.push(await libraryLifecycle(rt, bundle, `${id}-lib`)),
        ...(baseline
          ? [
              async () =>
                samples.baselineLibrary.push(await libraryLifecycle(baseline.rt, bundle, `${id}-blib`)),
            ]
          : []),
      ];
      for (const run of i % 2 ? libraries.reverse() : libraries) await run();
    }

    const results = Object.fromEntries(
      ['berth-runtime', ...(baseline ? ['baseline'] : []), 'runc', 'crun'].map((name) => [
        name,
        Object.fromEntries(Object.entries(samples[name]).map(([op, v]) => [op, median(v)])),
      ]),
    );
    const node = median(samples.node);
    const library = median(samples.library);
    const row = (name, r) =>
      `${name.padEnd(15)}${[r.run, r.create, r.start, r.delete].map((v) => v.toFixed(1).padStart(9)).join('')}`;
    console.log(`medians of ${N} rounds, ms  run   create    start   delete`);
    for (const [name, r] of Object.entries(results)) console.log(row(name, r));
    console.log(`node -e 0      ${node.toFixed(1).padStart(9)}`);
    console.log(`berth --version${median(samples.version).toFixed(1).padStart(9)}`);
    console.log(`library create->start->wait->delete in-process ${library.toFixed(1)}`);
    const added = results['berth-runtime'].run - node;
    console.log('');
    console.log(
      `CLI run minus node -e 0 = ${added.toFixed(1)} ms; / runc run = ${(added / results.runc.run).toFixed(2)} (goal <= 1)`,
    );
    console.log(`library lifecycle / crun run = ${(library / results.crun.run).toFixed(2)} (goal <= 1)`);
    console.log(
      `berth run / runc run = ${(results['berth-runtime'].run / results.runc.run).toFixed(2)}; / crun run = ${(results['berth-runtime'].run / results.crun.run).toFixed(2)}`,
    );
    if (baseline) {
      const baseLibrary = median(samples.baselineLibrary);
      console.log(`baseline ${baselineDir}: library lifecycle ${baseLibrary.toFixed(1)} ms`);
      console.log(
        `  baseline CLI run minus node -e 0 / runc run = ${((results.baseline.run - node) / results.runc.run).toFixed(2)}; baseline library / crun run = ${(baseLibrary / results.crun.run).toFixed(2)}`,
      );
    }
  } finally {
    crun?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(`bench: ${error.message}`);
  process.exit(1);
});
