// One pull + unpack with the image store, as its own process (so its start-up is timed like the
// other tools' is): node pull-once.js <root> <reference> [cpu-file]; cpu-file receives the
// process's CPU seconds (user + system, all threads, start-up included). Uses the built package's bundle, as the
// daemon (dist/bundle/berth-images.js) runs: one file instead of ~300 modules to resolve.
// The daemon's thread pool size (src/daemon/entry.ts), before anything starts the pool.
process.env.UV_THREADPOOL_SIZE ??= '8';
const { ImageStore } = require('../../../packages/image-store/dist/bundle/image-store.js');

async function main() {
  const [root, reference, cpuFile] = process.argv.slice(2);
  const { store } = await ImageStore.open({ root });
  try {
    await store.pull(reference);
  } finally {
    await store.close();
  }
  if (cpuFile) {
    const { user, system } = process.cpuUsage();
    require('node:fs').writeFileSync(cpuFile, String((user + system) / 1e6));
  }
}

main().catch((error) => {
  process.stderr.write(`pull failed: ${error.stack}\n`);
  process.exitCode = 1;
});
