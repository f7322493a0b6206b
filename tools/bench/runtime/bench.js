#!/usr/bin/env node
// berth-runtime side by side with runc and crun in one run (medians, milliseconds):
//   `run` of /bin/true in a busybox bundle, create / start / delete separately, `node -e 0`,
//   `berth-runtime --version`, and the library's in-process create -> start -> wait -> delete.
// crun refuses this host's hybrid cgroup layout, so its figures are taken in a private mount
// namespace with the cgroup2 mount hidden (the way the issue measured it).
// Usage: node tools/bench/runtime/bench.js [--iterations N]   (root; build @berth/runtime first)
/* global __filename */
'use strict';
const { execFileSync, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { median } = require('../common.js');

const repo = path.resolve(__dirname, '..', '..', '..');
const berth = path.join(repo, 'packages/runtime/bin/berth-runtime');
const iterArg = process.argv.indexOf('--iterations');
const N = iterArg > 0 ? Number(process.argv[iterArg + 1]) : 30;

function timeCommand(cmd, args) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { stdio: 'ignore' });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}`);
  return ms;
}

/** run, create, start, delete of one runtime binary: medians over N containers. */
function measureRuntime(bin, bundle, root) {
  const out = { run: [], create: [], start: [], delete: [] };
  for (let i = 0; i < N; i++) {
    const id = `bench-${process.pid}-${i}`;
    out.run.push(timeCommand(bin, ['--root', root, 'run', '--bundle', bundle, id]));
    const id2 = `${id}-split`;
    out.create.push(timeCommand(bin, ['--root', root, 'create', '--bundle', bundle, id2]));
    out.start.push(timeCommand(bin, ['--root', root, 'start', id2]));
    waitStopped(bin, root, id2);
    out.delete.push(timeCommand(bin, ['--root', root, 'delete', id2]));
  }
  return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, median(v)]));
}

function waitStopped(bin, root, id) {
  for (let i = 0; i < 1000; i++) {
    const r = spawnSync(bin, ['--root', root, 'state', id], { encoding: 'utf8' });
    if (r.status === 0 && JSON.parse(r.stdout).status === 'stopped') return;
  }
  throw new Error(`${id} never stopped`);
}

async function measureLibrary(bundle, root) {
  const { Runtime } = require(path.join(repo, 'packages/runtime/dist/index.js'));
  const rt = new Runtime({ root });
  const samples = [];
  for (let i = 0; i < N; i++) {
    const id = `bench-lib-${process.pid}-${i}`;
    const t0 = process.hrtime.bigint();
    const c = await rt.create(id, { bundle, wait: true, stdio: ['ignore', 'ignore', 'ignore'] });
    await rt.start(id);
    await c.exited;
    await rt.delete(id);
    samples.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return median(samples);
}

async function main() {
  if (process.argv.includes('--crun-inside')) {
    // Child mode: already in a private mount namespace without the cgroup2 mount.
    const [bundle, root] = process.argv.slice(process.argv.indexOf('--crun-inside') + 1);
    process.stdout.write(JSON.stringify(measureRuntime('crun', bundle, root)));
    return;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-bench-'));
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

    const node = median(Array.from({ length: N }, () => timeCommand(process.execPath, ['-e', '0'])));
    const version = median(Array.from({ length: N }, () => timeCommand(berth, ['--version'])));
    const results = {
      'berth-runtime': measureRuntime(berth, bundle, path.join(dir, 'berth')),
      runc: measureRuntime('runc', bundle, path.join(dir, 'runc')),
    };
    const inside = execFileSync(
      'unshare',
      [
        '-m',
        '--propagation',
        'private',
        'sh',
        '-c',
        `umount /sys/fs/cgroup/unified 2>/dev/null; exec "${process.execPath}" "${__filename}" --iterations ${N} --crun-inside "${bundle}" "${path.join(dir, 'crun')}"`,
      ],
      { encoding: 'utf8' },
    );
    results.crun = JSON.parse(inside);
    const library = await measureLibrary(bundle, path.join(dir, 'lib'));

    const row = (name, r) =>
      `${name.padEnd(15)}${[r.run, r.create, r.start, r.delete].map((v) => v.toFixed(1).padStart(9)).join('')}`;
    console.log(`medians of ${N}, ms        run   create    start   delete`);
    for (const [name, r] of Object.entries(results)) console.log(row(name, r));
    console.log(`node -e 0      ${node.toFixed(1).padStart(9)}`);
    console.log(`berth --version${version.toFixed(1).padStart(9)}`);
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
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(`bench: ${error.message}`);
  process.exit(1);
});
