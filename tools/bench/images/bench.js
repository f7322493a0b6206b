// Pull + unpack benchmark: Berth's image store against `skopeo copy` + `umoci unpack` and against
// `ctr pull` (containerd 1.6, overlayfs), same image, same registry, one run.
// Usage: node tools/bench/images/bench.js [--rounds N] [--json] [--host-fs] [--one-shot]
// Headline: a berth-images daemon, started and warmed up before the timed pull exactly as the
// containerd is, pulling for a client process (README.md). --one-shot adds the store run in a
// fresh process per pull (pull-once.js) to the same rounds.
// The tools write into a fresh journaled ext4 on a loop device (scratch-fs.js) unless --host-fs.
// Needs root (unpacking owners, containerd). Build first: npx nx run @berth/image-store:build
const { execFileSync } = require('node:child_process');
const { mkdir, mkdtemp, readFile, rm } = require('node:fs/promises');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { busyboxLayout, startRegistry } = require('@berth/fixtures');
const { benchImage } = require('../registry/build-image.js');
const { startBerthImages, verifyPulled } = require('./berth-images.js');
const { startContainerd } = require('./containerd.js');
const { bundlePullClient } = require('./pull-client-bundle.js');
const { mountScratchFs } = require('./scratch-fs.js');
const { median, parseBenchArgs, timedRun: run } = require('../common.js');

/** Snapshot count of a containerd (header line left out). */
function ctrSnapshots(ctr) {
  return (
    execFileSync('ctr', [...ctr, 'snapshots', 'ls'])
      .toString()
      .trim()
      .split('\n').length - 1
  );
}

/**
 * Untimed, right before each timed pull: writes back what the setup, the warm-up and the previous
 * tool left dirty (and the journal of its tree's deletion), so no tool pays for another's I/O.
 * Without it the first tool of the run (berth in round 0) paid for the 80 MB pushed to the
 * registry just before (2.3 s against 1.45 s in the next rounds).
 */
function settle() {
  execFileSync('sync');
}

async function main() {
  const options = parseBenchArgs(process.argv.slice(2), { rounds: 3, flags: ['host-fs', 'one-shot'] });
  const image = await benchImage();
  const busybox = await busyboxLayout();
  const scratch = options['host-fs'] ? undefined : await mountScratchFs();
  const times = { berth: [], berthOneShot: [], skopeoUmoci: [], skopeo: [], umoci: [], containerd: [] };
  // CPU seconds of the store per pull: the daemon's during the timed pull, the one-shot process's whole.
  const cpu = { berth: [], berthOneShot: [] };
  let work;
  let registry;
  try {
    work = await mkdtemp(join(scratch?.path ?? tmpdir(), 'berth-bench-images-'));
    const client = await bundlePullClient(work);
    registry = await startRegistry();
    const reference = `${registry.host}/bench/debian:1`;
    // The daemons' untimed warm-up: a small image from the same registry, so each serves the
    // timed pull as a long-running service would (code compiled, pools and connections up).
    const warmUp = `${registry.host}/bench/busybox:1`;
    for (const [source, target] of [
      [`oci:${image.dir}:${image.ref}`, reference],
      [`oci:${busybox.dir}:busybox`, warmUp],
    ])
      await run('skopeo', ['copy', '-q', '--dest-tls-verify=false', source, `docker://${target}`]);
    for (let round = 0; round < options.rounds; round++) {
      const tools = [
        'berth',
        'skopeo+umoci',
        'containerd',
        ...(options['one-shot'] ? ['berth-one-shot'] : []),
      ];
      // Rotate the order so page cache and CPU frequency favour no tool.
      const order = tools.map((_, i) => tools[(i + round) % tools.length]);
      for (const tool of order) {
        const dir = join(work, `${tool.replace('+', '-')}-${round}`);
        await mkdir(dir, { recursive: true });
        if (tool === 'berth') {
          const daemon = await startBerthImages(join(dir, 'daemon'));
          try {
            await run(process.execPath, [client, daemon.socket, warmUp]);
            settle();
            const cpuBefore = daemon.cpuSeconds();
            times.berth.push(await run(process.execPath, [client, daemon.socket, reference]));
            cpu.berth.push(daemon.cpuSeconds() - cpuBefore);
            await verifyPulled(daemon.socket, reference, image.layers.length);
          } finally {
            await daemon.stop();
          }
        } else if (tool === 'berth-one-shot') {
          const cpuFile = join(dir, 'cpu');
          settle();
          times.berthOneShot.push(
            await run(process.execPath, [
              join(__dirname, 'pull-once.js'),
              join(dir, 'root'),
              reference,
              cpuFile,
            ]),
          );
          cpu.berthOneShot.push(Number(await readFile(cpuFile, 'utf8')));
        } else if (tool === 'skopeo+umoci') {
          settle();
          const copy = await run('skopeo', [
            'copy',
            '-q',
            '--src-tls-verify=false',
            `docker://${reference}`,
            `oci:${dir}/layout:debian`,
          ]);
          const unpack = await run('umoci', ['unpack', '--image', `${dir}/layout:debian`, `${dir}/bundle`]);
          times.skopeo.push(copy);
          times.umoci.push(unpack);
          times.skopeoUmoci.push(copy + unpack);
        } else {
          const containerd = await startContainerd(dir);
          try {
            const ctr = ['--address', containerd.address, '--namespace', 'bench'];
            await run('ctr', [...ctr, 'images', 'pull', '--plain-http', warmUp]);
            const before = ctrSnapshots(ctr);
            settle();
            times.containerd.push(await run('ctr', [...ctr, 'images', 'pull', '--plain-http', reference]));
            // The same work as the others: the layers must have been unpacked into snapshots.
            const unpacked = ctrSnapshots(ctr) - before;
            if (unpacked !== image.layers.length)
              throw new Error(`containerd unpacked ${unpacked} layers, expected ${image.layers.length}`);
          } finally {
            await containerd.stop();
          }
        }
        await rm(dir, { recursive: true, force: true });
      }
    }
  } finally {
    await registry?.stop();
    if (work) await rm(work, { recursive: true, force: true });
    await scratch?.unmount();
  }
  const mb = image.compressedBytes / 1e6;
  const seconds = Object.fromEntries(
    Object.entries(times)
      .filter(([, list]) => list.length > 0)
      .map(([tool, list]) => [tool, median(list)]),
  );
  const berths = { berth: 'daemon', ...(seconds.berthOneShot ? { berthOneShot: 'oneShot' } : {}) };
  const result = {
    image: {
      compressedMB: Number(mb.toFixed(1)),
      layersMB: image.layers.map((b) => Number((b / 1e6).toFixed(1))),
    },
    rounds: options.rounds,
    fileSystem: scratch ? 'fresh journaled ext4 (loop)' : `host (${tmpdir()})`,
    seconds,
    cpuSeconds: Object.fromEntries(
      Object.entries(cpu)
        .filter(([, list]) => list.length > 0)
        .map(([tool, list]) => [tool, median(list)]),
    ),
    throughputMBps: Object.fromEntries(
      ['berth', 'berthOneShot', 'skopeoUmoci', 'containerd']
        .filter((tool) => seconds[tool])
        .map((tool) => [tool, mb / seconds[tool]]),
    ),
    // berth: the daemon (headline); berthOneShot: a process per pull (--one-shot).
    ratios: Object.fromEntries(
      Object.entries(berths).flatMap(([tool, mode]) => [
        [`${mode}OverSkopeoUmoci`, seconds[tool] / seconds.skopeoUmoci],
        [`${mode}OverContainerd`, seconds[tool] / seconds.containerd],
      ]),
    ),
  };
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ ...result, times, cpu }, null, 2)}\n`);
    return;
  }
  const s = (value) => `${value.toFixed(2)} s`;
  const rate = (tool) => `${result.throughputMBps[tool].toFixed(0)} MB/s`;
  const lines = [
    `image ${result.image.compressedMB} MB compressed in layers of ${result.image.layersMB.join(', ')} MB; ${options.rounds} rounds, medians (client/tool process start included); output on ${result.fileSystem}`,
    `berth daemon (client pull):        ${s(seconds.berth)}  ${rate('berth')}  (daemon CPU ${s(result.cpuSeconds.berth)})`,
    ...(seconds.berthOneShot
      ? [
          `berth one-shot (pull-once.js):     ${s(seconds.berthOneShot)}  ${rate('berthOneShot')}  (process CPU ${s(result.cpuSeconds.berthOneShot)})`,
        ]
      : []),
    `skopeo copy + umoci unpack:        ${s(seconds.skopeoUmoci)}  (${s(seconds.skopeo)} + ${s(seconds.umoci)})  ${rate('skopeoUmoci')}`,
    `ctr pull (containerd 1.6 daemon):  ${s(seconds.containerd)}  ${rate('containerd')}`,
  ];
  for (const mode of Object.values(berths)) {
    const label = mode === 'daemon' ? 'berth daemon  ' : 'berth one-shot';
    lines.push(
      `${label} / skopeo+umoci: ${result.ratios[`${mode}OverSkopeoUmoci`].toFixed(2)} (goal <= 0.5)`,
      `${label} / containerd:   ${result.ratios[`${mode}OverContainerd`].toFixed(2)} (goal < 1)`,
    );
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().catch((error) => {
  process.stderr.write(`bench failed: ${error.message}\n`);
  process.exitCode = 1;
});
