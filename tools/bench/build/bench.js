// Build benchmark: cold and warm builds of the same multi-stage Dockerfile with `berth build`
// (the CLI against berthd: overlay snapshots of berth-images, RUN steps through berth-shim),
// `docker build` (dockerd 20.10 with BuildKit, own data root, overlay2) and `buildah bud
// --layers` (vfs storage, runc), side by side in one run. Every build is its tool's CLI call
// against a daemon the bench started once for all rounds (buildah has none: one process per
// build). Cold: empty build cache, base image present; warm: the same build again.
// Usage: node tools/bench/build/bench.js [--rounds N] [--json]
// Needs root, Debian's docker.io and buildah, skopeo. Build first: npm run build in
// packages/image-store, network, shim, engine and cli.
const { spawn } = require('node:child_process');
const { mkdir, mkdtemp, rm, writeFile } = require('node:fs/promises');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { busyboxLayout } = require('@berth/fixtures');
const { median, parseBenchArgs, timedRun: run } = require('../common.js');
const { removeDir, startBerth } = require('../engine/stacks.js');

const TAG = `k${Math.floor(Math.random() * 0xffff)
  .toString(16)
  .padStart(4, '0')}`;

/** Back to an empty build cache with the base image kept: what `docker builder prune -af` leaves. */
async function berthPrune(berth, dir) {
  const cli = (...args) => run(berth.command, [...berth.prefix, ...args]);
  const { execFile } = require('node:child_process');
  const images = await new Promise((resolve, reject) =>
    execFile(berth.command, [...berth.prefix, 'images', '--format', '{{.Repository}}:{{.Tag}}'], (err, out) =>
      err ? reject(err) : resolve(out.split('\n').filter((name) => name.startsWith('bench-'))),
    ),
  );
  if (images.length > 0) await cli('rmi', ...images);
  await cli('image', 'prune', '-f');
  // The cache index and the kept copies of build contexts (docker's prune drops BuildKit's
  // context cache too, so its next build sends the whole context again).
  await rm(join(dir, 'engine', 'builder', 'cache'), { recursive: true, force: true });
  await rm(join(dir, 'engine', 'builder', 'contexts'), { recursive: true, force: true });
}

const DOCKERFILE = `FROM busybox AS build
WORKDIR /src
COPY src/ ./
RUN mkdir -p /out && for f in *.txt; do tr a-z A-Z < "$f" > "/out/$f"; done && sort /out/*.txt > /out/all

FROM busybox AS tools
RUN mkdir -p /opt/tools && for i in $(seq 1 100); do echo "tool $i" > /opt/tools/t$i; done

FROM scratch
COPY --from=build /bin/busybox /bin/busybox
COPY --from=build /out/ /app/
COPY --from=tools /opt/tools/ /tools/
ENV APP=/app
WORKDIR /app
CMD ["/bin/busybox", "cat", "/app/all"]
`;

async function waitForSocket(program, args, env, tries = 100) {
  for (let i = 0; i < tries; i++) {
    try {
      await run(program, args, env);
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  throw new Error('dockerd did not come up');
}

/** dockerd with its own data root, exec root and socket; no bridge, no iptables. */
async function startDockerd(dir) {
  const socket = join(dir, 'docker.sock');
  const child = spawn(
    '/usr/sbin/dockerd',
    ['--data-root', join(dir, 'data'), '--exec-root', join(dir, 'exec'), '-H', `unix://${socket}`,
      '--pidfile', join(dir, 'docker.pid'), '--iptables=false', '--bridge=none'],
    { stdio: ['ignore', 'ignore', 'ignore'] },
  );
  const env = { DOCKER_HOST: `unix://${socket}`, DOCKER_BUILDKIT: '1' };
  await waitForSocket('/usr/bin/docker', ['info'], env);
  return {
    env,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('close', resolve));
    },
  };
}

async function main() {
  const options = parseBenchArgs(process.argv.slice(2), { rounds: 3 });
  const busybox = await busyboxLayout();
  const work = await mkdtemp(join(tmpdir(), 'berth-bench-build-'));
  const context = join(work, 'context');
  await mkdir(join(context, 'src'), { recursive: true });
  await writeFile(join(context, 'Dockerfile'), DOCKERFILE);
  for (let i = 0; i < 200; i++) await writeFile(join(context, 'src', `file${i}.txt`), `line ${i} of the bench context\n`.repeat(50));

  const dockerd = await startDockerd(join(work, 'docker'));
  let berth;
  const berthDir = join(work, 'berth');
  const times = { berth: { cold: [], warm: [] }, docker: { cold: [], warm: [] }, buildah: { cold: [], warm: [] } };
  try {
    await run('skopeo', ['copy', '-q', `oci:${busybox.dir}:busybox`, `docker-archive:${join(work, 'busybox.tar')}:busybox:latest`]);
    await run('/usr/bin/docker', ['load', '-i', join(work, 'busybox.tar')], dockerd.env);
    // berthd runs through all rounds, as dockerd does.
    berth = await startBerth(berthDir, TAG, join(work, 'busybox.tar'));
    for (let round = 0; round < options.rounds; round++) {
      const tools = ['berth', 'docker', 'buildah'];
      const order = tools.map((_, i) => tools[(i + round) % tools.length]);
      for (const tool of order) {
        const tag = `bench-${round}`;
        const build = {
          berth: () =>
            run(berth.command, [...berth.prefix, 'build', '--network', 'none', '-q', '-t', tag, context]),
          docker: () => run('/usr/bin/docker', ['build', '--network', 'none', '-q', '-t', tag, context], dockerd.env),
          buildah: (state) =>
            run('buildah', ['--root', join(state, 'root'), '--runroot', join(state, 'run'), '--storage-driver', 'vfs',
              'bud', '--runtime', '/usr/sbin/runc', '--pull-never', '--layers', '--network', 'none', '-q', '-t', tag, context]),
        }[tool];
        const state = join(work, `${tool}-${round}`);
        await mkdir(state, { recursive: true });
        // Cold: empty build cache, base image present. Warm: the same build again.
        if (tool === 'docker') await run('/usr/bin/docker', ['builder', 'prune', '-af'], dockerd.env);
        // berth has no `builder prune` yet: the built images are removed, their layers and
        // snapshots pruned, and the build cache index and context copies deleted, which leaves
        // what docker's prune does.
        if (tool === 'berth') await berthPrune(berth, berthDir);
        if (tool === 'buildah') {
          const store = `containers-storage:[vfs@${join(state, 'root')}+${join(state, 'run')}]docker.io/library/busybox:latest`;
          await run('skopeo', ['copy', '-q', `oci:${busybox.dir}:busybox`, store]);
        }
        times[tool].cold.push(await build(state));
        times[tool].warm.push(await build(state));
        if (tool !== 'docker') await rm(state, { recursive: true, force: true });
      }
    }
  } finally {
    await berth?.stop();
    await dockerd.stop();
    await removeDir(work);
  }

  const summary = {};
  for (const [tool, { cold, warm }] of Object.entries(times)) summary[tool] = { cold: median(cold), warm: median(warm) };
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ rounds: options.rounds, times, summary }, null, 2)}\n`);
    return;
  }
  const line = (name, s) => `${name.padEnd(8)} cold ${s.cold.toFixed(3)} s   warm ${s.warm.toFixed(3)} s`;
  console.log(`berth build (berthd, overlay) vs docker build (BuildKit) vs buildah bud, median of ${options.rounds}`);
  for (const [tool, s] of Object.entries(summary)) console.log(line(tool, s));
  for (const peer of ['docker', 'buildah']) {
    console.log(
      `${peer}/berth: cold ${(summary[peer].cold / summary.berth.cold).toFixed(2)}x, warm ${(summary[peer].warm / summary.berth.warm).toFixed(2)}x (>1: berth faster)`,
    );
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
