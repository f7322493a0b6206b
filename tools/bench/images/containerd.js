// A containerd 1.6 of the benchmark's own: its own root, state, socket and config (overlayfs
// snapshotter, CRI off), killed and removed afterwards.
const { spawn } = require('node:child_process');
const { mkdir, writeFile, rm } = require('node:fs/promises');
const { join } = require('node:path');
const { setTimeout: sleep } = require('node:timers/promises');

async function startContainerd(dir) {
  await mkdir(dir, { recursive: true });
  const address = join(dir, 'containerd.sock');
  const config = join(dir, 'config.toml');
  await writeFile(
    config,
    [
      'version = 2',
      `root = "${join(dir, 'root')}"`,
      `state = "${join(dir, 'state')}"`,
      'disabled_plugins = ["io.containerd.grpc.v1.cri"]',
      '[grpc]',
      `  address = "${address}"`,
      '[debug]',
      `  address = "${join(dir, 'debug.sock')}"`,
      '[ttrpc]',
      `  address = "${join(dir, 'ttrpc.sock')}"`,
      '',
    ].join('\n'),
  );
  const child = spawn('containerd', ['--config', config], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr.on('data', (chunk) => (log += chunk));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  for (let attempt = 0; ; attempt++) {
    if (child.exitCode !== null) throw new Error(`containerd exited: ${log.slice(-2000)}`);
    if (log.includes('containerd successfully booted')) break;
    if (attempt > 300) {
      child.kill('SIGKILL');
      throw new Error(`containerd did not start: ${log.slice(-2000)}`);
    }
    await sleep(100);
  }
  return {
    address,
    async stop() {
      child.kill('SIGTERM');
      await Promise.race([exited, sleep(10_000).then(() => child.kill('SIGKILL'))]);
      await exited;
      // Snapshots are overlay upper dirs: nothing stays mounted after a pull.
      await rm(dir, { recursive: true, force: true });
    },
  };
}

module.exports = { startContainerd };
