// Overlay mount + unmount of a container rootfs, the way the shim and berthd did it before
// (spawning mount(8) and umount(8) from Node) against the way they do it now (@berth/sys:
// mount(2)/umount2(2) on the thread pool, same options), side by side in one run; mkfifo(1)
// against the in-process mkfifo as well.
// Usage: node tools/bench/shim/sys-mount.js [--rounds N] [--layers N] [--json]
// Needs root and `npx nx run @berth/sys:build` (packages/sys/dist and its addon).
'use strict';
const { execFile } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { promisify } = require('node:util');
const { isMountPoint, MAX_MOUNT_DATA_BYTES, MNT, mkfifo, mountWithOptions, umount } = require('@berth/sys');
const { median, percentile, timed } = require('../common');

const run = promisify(execFile);
const WARMUP = 5;

function parseArgs(argv) {
  const options = { rounds: 200, layers: 2, json: false };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--rounds') options.rounds = Number(argv[++i]);
    else if (argv[i] === '--layers') options.layers = Number(argv[++i]);
    else if (argv[i] === '--json') options.json = true;
    else throw new Error(`unknown argument ${argv[i]}`);
  }
  for (const name of ['rounds', 'layers'])
    if (!Number.isSafeInteger(options[name]) || options[name] < 1)
      throw new Error(`--${name} must be a positive integer`);
  return options;
}

/** A rootfs like the shim's: `layers` read-only lowers with a few files, an upper and a work dir. */
function makeRootfs(dir, layers) {
  const lowers = [];
  for (let i = 0; i < layers; i++) {
    const lower = path.join(dir, 'layers', String(i));
    fs.mkdirSync(path.join(lower, 'etc'), { recursive: true });
    fs.writeFileSync(path.join(lower, 'etc', `file${i}`), `layer ${i}\n`);
    lowers.push(lower);
  }
  for (const sub of ['upper', 'work', 'rootfs']) fs.mkdirSync(path.join(dir, sub));
  return {
    target: path.join(dir, 'rootfs'),
    options: [
      `lowerdir=${lowers.join(':')}`,
      `upperdir=${path.join(dir, 'upper')}`,
      `workdir=${path.join(dir, 'work')}`,
    ],
  };
}

const ways = {
  mount: {
    async spawn({ target, options }) {
      await run('mount', ['-t', 'overlay', '-o', options.join(','), 'overlay', target]);
      await run('umount', [target]);
    },
    async inProcess({ target, options }) {
      await mountWithOptions(target, { type: 'overlay', source: 'overlay', options });
      await umount(target);
    },
  },
  mkfifo: {
    async spawn({ fifos }) {
      await run('mkfifo', ['-m', '600', ...fifos]);
      for (const fifo of fifos) fs.unlinkSync(fifo);
    },
    async inProcess({ fifos }) {
      for (const fifo of fifos) mkfifo(fifo, 0o600);
      for (const fifo of fifos) fs.unlinkSync(fifo);
    },
  },
};

function summary(values) {
  return { median: median(values), p90: percentile(values, 90) };
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  if (process.getuid() !== 0) throw new Error('needs root (it mounts overlays)');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-bench-sys-mount-'));
  const rootfs = makeRootfs(dir, options.layers);
  const subject = { ...rootfs, fifos: ['stdin', 'stdout', 'stderr'].map((name) => path.join(dir, name)) };
  // mount(8) 2.38 hands the whole list to mount(2), which takes one page: it fails beyond that.
  const tooLong = Buffer.byteLength(rootfs.options.join(',')) > MAX_MOUNT_DATA_BYTES;
  const times = { mount: { spawn: [], inProcess: [] }, mkfifo: { spawn: [], inProcess: [] } };
  try {
    for (let round = 0; round < WARMUP + options.rounds; round++) {
      for (const [what, way] of Object.entries(ways)) {
        // Alternate who goes first, so neither always runs on a warmer cache.
        const order = round % 2 === 0 ? ['spawn', 'inProcess'] : ['inProcess', 'spawn'];
        for (const how of order) {
          if (what === 'mount' && how === 'spawn' && tooLong) continue;
          const ms = await timed(() => way[how](subject));
          if (round >= WARMUP) times[what][how].push(ms);
        }
      }
    }
  } finally {
    while (isMountPoint(rootfs.target)) await umount(rootfs.target, MNT.DETACH);
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const result = { rounds: options.rounds, layers: options.layers };
  for (const [what, byWay] of Object.entries(times)) {
    const spawned = byWay.spawn.length > 0 ? summary(byWay.spawn) : null;
    const inProcess = summary(byWay.inProcess);
    result[what] = { spawn: spawned, inProcess, ratio: spawned ? spawned.median / inProcess.median : null };
  }
  if (options.json) {
    console.log(JSON.stringify(result, null, 2));
    return;
  }
  const row = (label, s) =>
    `  ${label.padEnd(34)} median ${s.median.toFixed(3)} ms   p90 ${s.p90.toFixed(3)} ms`;
  console.log(
    `${options.rounds} rounds (after ${WARMUP} warm-up), overlay of ${options.layers} lower(s) + upper`,
  );
  console.log('overlay mount + umount');
  if (result.mount.spawn) console.log(row('mount(8) + umount(8) spawned', result.mount.spawn));
  else console.log('  mount(8) + umount(8) spawned       not run: options over a page, mount(8) fails');
  console.log(row('@berth/sys mountWithOptions+umount', result.mount.inProcess));
  if (result.mount.ratio) console.log(`  ratio spawn / in-process: ${result.mount.ratio.toFixed(1)}x`);
  console.log('3 fifos (stdin, stdout, stderr)');
  console.log(row('mkfifo(1) spawned once', result.mkfifo.spawn));
  console.log(row('@berth/sys mkfifo x3', result.mkfifo.inProcess));
  console.log(`  ratio spawn / in-process: ${result.mkfifo.ratio.toFixed(1)}x`);
}

main().catch((error) => {
  console.error(`sys-mount bench: ${error.message}`);
  process.exit(1);
});
