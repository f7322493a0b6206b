// Unpack-only benchmark: the store's layer unpack (`startLayerUnpack` of the library bundle) of
// the bench image's three layers, all at once as a pull does them, from the blobs on disk, side
// by side with `umoci unpack` of the same OCI layout, in one run, rotating order. No registry,
// no daemon, no gRPC: the part of a pull that is CPU-bound, measured steadily enough to compare
// builds (A/B: give several library bundles; default: this checkout's).
// Usage: node tools/bench/images/unpack.js [--rounds N] [--json] [<dist/bundle/image-store.js> ...]
// Each berth run is a fresh process that unpacks the layers once untimed (a warm service, as the
// daemon mode is), writes back (sync) and then unpacks them again timed: wall and the process's
// CPU (all threads). umoci is timed as a whole process (it also writes its mtree manifest).
const { execFileSync, spawnSync } = require('node:child_process');
const { createReadStream, readFileSync } = require('node:fs');
const { mkdir, mkdtemp, rm } = require('node:fs/promises');
const { join, resolve } = require('node:path');
const { benchImage } = require('../registry/build-image.js');
const { mountScratchFs } = require('./scratch-fs.js');
const { median, parseBenchArgs, timedRun } = require('../common.js');

const DEFAULT_BUNDLE = join(__dirname, '../../../packages/image-store/dist/bundle/image-store.js');

/** The image's layers: blob path, media type and diffID, from its manifest and config. */
function imageLayers(image) {
  const blob = (digest) => join(image.dir, 'blobs', ...digest.split(':'));
  const manifest = JSON.parse(readFileSync(blob(image.manifestDigest), 'utf8'));
  const config = JSON.parse(readFileSync(blob(manifest.config.digest), 'utf8'));
  return manifest.layers.map((layer, i) => ({
    path: blob(layer.digest),
    compression: layer.mediaType.endsWith('+gzip')
      ? 'gzip'
      : layer.mediaType.endsWith('+zstd')
        ? 'zstd'
        : 'none',
    diffId: config.rootfs.diff_ids[i],
  }));
}

/** Child: unpack all layers at once under `dir` with `bundle`; returns when all are verified. */
async function unpackAll(bundle, layers, dir) {
  const { startLayerUnpack } = require(bundle);
  await Promise.all(
    layers.map(async (layer, i) => {
      const root = join(dir, String(i));
      await mkdir(root, { recursive: true });
      const unpack = startLayerUnpack({ root, compression: layer.compression, expectedDiffId: layer.diffId });
      for await (const chunk of createReadStream(layer.path, { highWaterMark: 1024 * 1024 })) {
        if (!unpack.input.write(chunk)) await new Promise((done) => unpack.input.once('drain', done));
      }
      unpack.input.end();
      await unpack.result;
    }),
  );
}

async function child(bundle, layersJson, dir) {
  const layers = JSON.parse(layersJson);
  await unpackAll(bundle, layers, join(dir, 'warm-up'));
  await rm(join(dir, 'warm-up'), { recursive: true, force: true });
  execFileSync('sync');
  const cpuBefore = process.cpuUsage();
  const started = process.hrtime.bigint();
  await unpackAll(bundle, layers, join(dir, 'timed'));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = process.cpuUsage(cpuBefore);
  process.stdout.write(JSON.stringify({ seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6 }));
}

async function main() {
  const argv = process.argv.slice(2);
  const bundles = argv.filter((arg, i) => !arg.startsWith('--') && argv[i - 1] !== '--rounds');
  const options = parseBenchArgs(
    argv.filter((arg) => !bundles.includes(arg)),
    { rounds: 5 },
  );
  if (bundles.length === 0) bundles.push(DEFAULT_BUNDLE);
  const image = await benchImage();
  const layers = imageLayers(image);
  const tools = [...bundles.map((bundle) => resolve(bundle)), 'umoci'];
  const results = new Map(tools.map((tool) => [tool, { seconds: [], cpuSeconds: [] }]));
  const scratch = await mountScratchFs();
  try {
    const work = await mkdtemp(join(scratch.path, 'berth-bench-unpack-'));
    for (let round = 0; round < options.rounds; round++) {
      for (let i = 0; i < tools.length; i++) {
        const tool = tools[(i + round) % tools.length];
        const dir = join(work, `run-${round}-${i}`);
        await mkdir(dir, { recursive: true });
        if (tool === 'umoci') {
          execFileSync('sync');
          results
            .get(tool)
            .seconds.push(
              await timedRun('umoci', [
                'unpack',
                '--image',
                `${image.dir}:${image.ref}`,
                join(dir, 'bundle'),
              ]),
            );
        } else {
          const run = spawnSync(
            process.execPath,
            [join(__dirname, 'unpack.js'), '--child', tool, JSON.stringify(layers), dir],
            {
              encoding: 'utf8',
            },
          );
          if (run.status !== 0) throw new Error(`unpack with ${tool} failed: ${run.stderr.slice(-2000)}`);
          const measured = JSON.parse(run.stdout);
          results.get(tool).seconds.push(measured.seconds);
          results.get(tool).cpuSeconds.push(measured.cpuSeconds);
        }
        await rm(dir, { recursive: true, force: true });
      }
    }
  } finally {
    await scratch.unmount();
  }
  const summary = tools.map((tool) => {
    const { seconds, cpuSeconds } = results.get(tool);
    return {
      tool,
      seconds: median(seconds),
      ...(cpuSeconds.length > 0 ? { cpuSeconds: median(cpuSeconds) } : {}),
      overUmoci: median(seconds) / median(results.get('umoci').seconds),
      runs: seconds,
    };
  });
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ rounds: options.rounds, summary }, null, 2)}\n`);
    return;
  }
  process.stdout.write(
    `unpack of ${layers.length} layers (${(image.compressedBytes / 1e6).toFixed(1)} MB compressed), ${options.rounds} rounds, medians; fresh journaled ext4 (loop)\n`,
  );
  for (const { tool, seconds, cpuSeconds, overUmoci } of summary) {
    const cpu = cpuSeconds === undefined ? '' : `  CPU ${cpuSeconds.toFixed(2)} s`;
    process.stdout.write(
      `${tool.padEnd(60)} ${seconds.toFixed(2)} s${cpu}  / umoci ${overUmoci.toFixed(2)}\n`,
    );
  }
}

if (process.argv[2] === '--child') {
  child(process.argv[3], process.argv[4], process.argv[5]).catch((error) => {
    process.stderr.write(`${error.stack}\n`);
    process.exit(1);
  });
} else {
  main().catch((error) => {
    process.stderr.write(`bench failed: ${error.message}\n`);
    process.exitCode = 1;
  });
}
