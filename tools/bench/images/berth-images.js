// A berth-images daemon of the benchmark's own, run from the built bundle as operators run it:
// its root and socket in the given directory, stopped and the directory removed afterwards.
const { spawn } = require('node:child_process');
const { readFileSync } = require('node:fs');
const { mkdir, rm } = require('node:fs/promises');
const { join } = require('node:path');
const { setTimeout: sleep } = require('node:timers/promises');
const { createHealthClient, createImagesClient, health, images } = require('@berth/api');

const DAEMON = join(__dirname, '../../../packages/image-store/dist/bundle/berth-images.js');
const CLOCK_TICKS = 100; // USER_HZ: /proc's unit for CPU times on Linux

/** CPU seconds (user + system, all threads) a running process has used so far. */
function cpuSeconds(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the parenthesised command name: state is the 3rd, utime the 14th, stime the 15th.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

function serving(socket) {
  const client = createHealthClient(socket);
  return new Promise((resolve) =>
    client.check({ service: '' }, (error, response) => {
      client.close();
      resolve(!error && response?.status === health.v1.ServingStatus.SERVING_STATUS_SERVING);
    }),
  );
}

async function startBerthImages(dir) {
  await mkdir(dir, { recursive: true });
  const root = join(dir, 'root');
  const socket = join(dir, 'images.sock');
  const child = spawn(process.execPath, [DAEMON, '--root', root, '--run', dir, '--socket', socket], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  child.stderr.on('data', (chunk) => (log = (log + chunk).slice(-20_000)));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await Promise.race([exited, sleep(10_000).then(() => child.kill('SIGKILL'))]);
    }
    await exited;
    // A pull mounts nothing: snapshots are plain directories until a caller mounts them.
    await rm(dir, { recursive: true, force: true });
  };
  try {
    for (let attempt = 0; !(await serving(socket)); attempt++) {
      if (child.exitCode !== null)
        throw new Error(`berth-images exited ${child.exitCode}: ${log.slice(-2000)}`);
      if (attempt > 300) throw new Error(`berth-images did not start: ${log.slice(-2000)}`);
      await sleep(100);
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { root, socket, stop, log: () => log, cpuSeconds: () => cpuSeconds(child.pid) };
}

function unary(invoke) {
  return new Promise((resolve, reject) =>
    invoke((error, response) => (error ? reject(error) : resolve(response))),
  );
}

/**
 * Checks that the daemon stored `reference` with `layerCount` layers and unpacked each into a
 * committed snapshot (the image's ChainIDs) holding files, as the ctr side checks its snapshots.
 */
async function verifyPulled(socket, reference, layerCount) {
  const client = createImagesClient(socket);
  try {
    const image = await unary((done) => client.images.get({ name: reference }, done));
    if (image.layers.length !== layerCount)
      throw new Error(
        `berth-images stored ${image.layers.length} layers of ${reference}, expected ${layerCount}`,
      );
    const { snapshots } = await unary((done) => client.snapshots.listSnapshots({}, done));
    const committed = new Set(
      snapshots.filter((s) => s.kind === images.v1.SnapshotKind.SNAPSHOT_KIND_COMMITTED).map((s) => s.key),
    );
    for (const layer of image.layers) {
      if (!committed.has(layer.chainId)) throw new Error(`berth-images has no snapshot ${layer.chainId}`);
      const usage = await unary((done) => client.snapshots.snapshotUsage({ key: layer.chainId }, done));
      if (Number(usage.inodes) < 2) throw new Error(`snapshot ${layer.chainId} is empty`);
    }
  } finally {
    client.close();
  }
}

module.exports = { startBerthImages, verifyPulled };
