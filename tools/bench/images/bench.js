// Pull + unpack benchmark: the image store (berth-images' engine) against `skopeo copy` +
// `umoci unpack` and against `ctr pull` (containerd 1.6, overlayfs), same image, same registry,
// one run. Usage: node tools/bench/images/bench.js [--rounds N] [--json] [--host-fs]
// The tools write into a fresh journaled ext4 on a loop device (scratch-fs.js) unless --host-fs.
// Needs root (unpacking owners, containerd). Build first: npx nx run @berth/image-store:build
const { execFileSync } = require('node:child_process');
const { mkdir, mkdtemp, rm } = require('node:fs/promises');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { startRegistry } = require('@berth/fixtures');
const { benchImage } = require('../registry/build-image.js');
const { startContainerd } = require('./containerd.js');
const { mountScratchFs } = require('./scratch-fs.js');
const { median, parseBenchArgs, timedRun: run } = require('../common.js');

async function main() {
  const options = parseBenchArgs(process.argv.slice(2), { rounds: 3, flags: ['host-fs'] });
  const image = await benchImage();
  const scratch = options['host-fs'] ? undefined : await mountScratchFs();
  const times = { berth: [], skopeoUmoci: [], skopeo: [], umoci: [], containerd: [] };
  let work;
  let registry;
  try {
    work = await mkdtemp(join(scratch?.path ?? tmpdir(), 'berth-bench-images-'));
    registry = await startRegistry();
    const reference = `${registry.host}/bench/debian:1`;
    await run('skopeo', [
      'copy',
      '-q',
      '--dest-tls-verify=false',
      `oci:${image.dir}:${image.ref}`,
      `docker://${reference}`,
    ]);
    for (let round = 0; round < options.rounds; round++) {
      const tools = ['berth', 'skopeo+umoci', 'containerd'];
      // Rotate the order so page cache and CPU frequency favour no tool.
      const order = tools.map((_, i) => tools[(i + round) % tools.length]);
      for (const tool of order) {
        const dir = join(work, `${tool.replace('+', '-')}-${round}`);
        await mkdir(dir, { recursive: true });
        if (tool === 'berth') {
          times.berth.push(
            await run(process.execPath, [join(__dirname, 'pull-once.js'), join(dir, 'root'), reference]),
          );
        } else if (tool === 'skopeo+umoci') {
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
            times.containerd.push(await run('ctr', [...ctr, 'images', 'pull', '--plain-http', reference]));
            // The same work as the others: the layers must have been unpacked into snapshots.
            const listed = execFileSync('ctr', [...ctr, 'snapshots', 'ls'])
              .toString()
              .trim()
              .split('\n');
            if (listed.length - 1 !== image.layers.length) {
              throw new Error(
                `containerd unpacked ${listed.length - 1} layers, expected ${image.layers.length}`,
              );
            }
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
  const seconds = Object.fromEntries(Object.entries(times).map(([tool, list]) => [tool, median(list)]));
  const result = {
    image: {
      compressedMB: Number(mb.toFixed(1)),
      layersMB: image.layers.map((b) => Number((b / 1e6).toFixed(1))),
    },
    rounds: options.rounds,
    fileSystem: scratch ? 'fresh journaled ext4 (loop)' : `host (${tmpdir()})`,
    seconds,
    throughputMBps: {
      berth: mb / seconds.berth,
      skopeoUmoci: mb / seconds.skopeoUmoci,
      containerd: mb / seconds.containerd,
    },
    ratios: {
      berthOverSkopeoUmoci: seconds.berth / seconds.skopeoUmoci,
      berthOverContainerd: seconds.berth / seconds.containerd,
    },
  };
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ ...result, times }, null, 2)}\n`);
    return;
  }
  const s = (value) => `${value.toFixed(2)} s`;
  process.stdout.write(
    `image ${result.image.compressedMB} MB compressed in layers of ${result.image.layersMB.join(', ')} MB; ${options.rounds} rounds, medians (process start included); output on ${result.fileSystem}\n` +
      `berth (pull + unpack, streamed):   ${s(seconds.berth)}  ${result.throughputMBps.berth.toFixed(0)} MB/s\n` +
      `skopeo copy + umoci unpack:        ${s(seconds.skopeoUmoci)}  (${s(seconds.skopeo)} + ${s(seconds.umoci)})  ${result.throughputMBps.skopeoUmoci.toFixed(0)} MB/s\n` +
      `ctr pull (containerd 1.6):         ${s(seconds.containerd)}  ${result.throughputMBps.containerd.toFixed(0)} MB/s\n` +
      `berth time / skopeo+umoci time: ${result.ratios.berthOverSkopeoUmoci.toFixed(2)} (goal <= 0.5)\n` +
      `berth time / containerd time:   ${result.ratios.berthOverContainerd.toFixed(2)} (goal < 1)\n`,
  );
}

main().catch((error) => {
  process.stderr.write(`bench failed: ${error.message}\n`);
  process.exitCode = 1;
});
