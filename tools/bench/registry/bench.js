// Pull and push benchmark: berth-registry against skopeo, same image, same local registry, one run.
// Usage: node tools/bench/registry/bench.js [--rounds N] [--pulls N] [--json]
// Builds the benchmark image on first use (build-image.js, needs debootstrap and Debian's mirror).
const { mkdtemp, rm } = require('node:fs/promises');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { startRegistry } = require('@berth/fixtures');
const { bundle } = require('../../../packages/registry-client/scripts/bundle.js');
const { benchImage } = require('./build-image.js');
const { median, parseBenchArgs, timedRun: run } = require('../common.js');

async function main() {
  const argv = process.argv.slice(2);
  // Pulls per tool and round (alternating tools): more samples per registry start, as one pull is
  // short next to the bursts of load on a shared machine.
  const pullsAt = argv.indexOf('--pulls');
  const pulls = pullsAt < 0 ? 3 : Number(argv.splice(pullsAt, 2)[1]);
  if (!Number.isSafeInteger(pulls) || pulls < 1) throw new Error('--pulls must be a positive integer');
  const options = parseBenchArgs(argv, { rounds: 3 });
  const image = await benchImage();
  const work = await mkdtemp(join(tmpdir(), 'berth-bench-registry-'));
  const times = { pushSkopeo: [], pushBerth: [], pullSkopeo: [], pullBerth: [], pullLibrary: [] };
  try {
    const cli = await bundle(join(work, 'berth-registry.js'));
    // The image store pulls in-process through the library: measured too, without process start.
    const { RegistryClient } = require(await bundle(join(work, 'registry-client.js'), 'index.ts'));
    const libraryPull = async (ref, dest) => {
      const client = new RegistryClient({ dockerConfig: false });
      const started = process.hrtime.bigint();
      try {
        await client.pull(ref, dest);
      } finally {
        await client.close();
      }
      return Number(process.hrtime.bigint() - started) / 1e9;
    };
    // Run as users do: the shell command beside the launcher (it hands NODE_EXTRA_CA_CERTS to the
    // client instead of Node's start-up). Its scheme cache goes to the bench's own directory.
    const command = cli.replace(/\.js$/, '');
    const berth = (...args) => run(command, ['-q', ...args], { XDG_CACHE_HOME: work });
    const skopeo = (...args) => run('skopeo', ['copy', '-q', ...args]);
    for (let round = 0; round < options.rounds; round++) {
      // A fresh registry per round, so neither tool finds blobs already there or mountable.
      const registry = await startRegistry();
      try {
        const source = `oci:${image.dir}:${image.ref}`;
        const order = round % 2 === 0 ? ['skopeo', 'berth'] : ['berth', 'skopeo'];
        for (const tool of order) {
          if (tool === 'skopeo') {
            times.pushSkopeo.push(
              await skopeo('--dest-tls-verify=false', source, `docker://${registry.host}/bench/skopeo:1`),
            );
          } else {
            times.pushBerth.push(
              await berth('push', `${image.dir}:${image.ref}`, `${registry.host}/bench/berth:1`),
            );
          }
        }
        for (let pull = 0; pull < pulls; pull++) {
          for (const tool of pull % 2 === 0 ? order : [...order].reverse()) {
            const dest = join(work, `pull-${tool}-${round}-${pull}`);
            if (tool === 'skopeo') {
              times.pullSkopeo.push(
                await skopeo(
                  '--src-tls-verify=false',
                  `docker://${registry.host}/bench/skopeo:1`,
                  `oci:${dest}:x`,
                ),
              );
            } else {
              times.pullBerth.push(await berth('pull', `${registry.host}/bench/skopeo:1`, dest));
            }
            await rm(dest, { recursive: true, force: true });
          }
        }
        const dest = join(work, `pull-library-${round}`);
        times.pullLibrary.push(await libraryPull(`${registry.host}/bench/skopeo:1`, dest));
        await rm(dest, { recursive: true, force: true });
      } finally {
        await registry.stop();
      }
    }
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  const mb = image.compressedBytes / 1e6;
  const rate = (seconds) => mb / seconds;
  const result = {
    image: {
      compressedMB: Number(mb.toFixed(1)),
      layersMB: image.layers.map((b) => Number((b / 1e6).toFixed(1))),
    },
    rounds: options.rounds,
    pullsPerRound: pulls,
    pull: { skopeoMBps: rate(median(times.pullSkopeo)), berthMBps: rate(median(times.pullBerth)) },
    push: { skopeoMBps: rate(median(times.pushSkopeo)), berthMBps: rate(median(times.pushBerth)) },
  };
  result.pull.ratio = result.pull.berthMBps / result.pull.skopeoMBps;
  result.pullLibrary = { berthMBps: rate(median(times.pullLibrary)), skopeoMBps: result.pull.skopeoMBps };
  result.pullLibrary.ratio = result.pullLibrary.berthMBps / result.pullLibrary.skopeoMBps;
  result.push.ratio = result.push.berthMBps / result.push.skopeoMBps;
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ ...result, times }, null, 2)}\n`);
    return;
  }
  const line = (what, r) =>
    `${what}: berth ${r.berthMBps.toFixed(0)} MB/s, skopeo ${r.skopeoMBps.toFixed(0)} MB/s, ratio ${r.ratio.toFixed(2)}x`;
  process.stdout.write(
    `image ${result.image.compressedMB} MB compressed in layers of ${result.image.layersMB.join(', ')} MB; ${options.rounds} rounds (${pulls} pulls per tool in each), medians (process start included)\n` +
      `${line('pull (CLI)', result.pull)}\n${line('push (CLI)', result.push)}\n` +
      `${line('pull (library in-process, vs skopeo CLI)', result.pullLibrary)}\n`,
  );
}

main().catch((error) => {
  process.stderr.write(`bench failed: ${error.message}\n`);
  process.exitCode = 1;
});
