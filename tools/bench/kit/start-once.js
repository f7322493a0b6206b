// One measured daemon start, run in a fresh process by bench.js: require('@berth/kit'),
// startServer on a temp socket, first Health.Check, then (optionally) the first reflection call.
// Prints one JSON line of timings (ms since this process started) and resident memory (kB).
// Usage: node start-once.js <socket path> [--reflection]
// BERTH_BENCH_TREE=<checkout> measures the packages of another checkout (built, with node_modules).
'use strict';
const { performance } = require('node:perf_hooks');
const fs = require('node:fs');

const rssKb = () => Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync('/proc/self/status', 'utf8'))[1]);
const [socketPath, flag] = process.argv.slice(2);
const tree = process.env.BERTH_BENCH_TREE || __dirname;
const load = (name) => require(require.resolve(name, { paths: [tree] }));
const result = { startedRssKb: rssKb() };

// A ServerReflectionRequest with list_services = "*" (field 7, length-delimited), sent as raw
// bytes so the measuring client does not load protobufjs into the process it measures.
const LIST_SERVICES = Buffer.from([0x3a, 0x01, 0x2a]);

function reflectOnce(grpc, target) {
  const client = new grpc.Client(target, grpc.credentials.createInsecure());
  return new Promise((resolve, reject) => {
    const identity = (bytes) => bytes;
    const stream = client.makeBidiStreamRequest(
      '/grpc.reflection.v1.ServerReflection/ServerReflectionInfo',
      identity,
      identity,
    );
    stream.on('data', (response) => {
      stream.end();
      client.close();
      if (!response.includes('berth.health.v1.Health')) reject(new Error('reflection did not list Health'));
      else resolve();
    });
    stream.on('error', reject);
    stream.write(LIST_SERVICES);
  });
}

async function main() {
  const kit = load('@berth/kit');
  result.requiredMs = performance.now();
  result.requiredRssKb = rssKb();
  const log = kit.createLogger({ component: 'bench', level: 'warn' });
  const handle = await kit.startServer({
    socketPath,
    component: 'bench',
    version: '0.0.0',
    logger: log,
    handleSignals: false,
    services: [],
  });
  result.servingMs = performance.now();
  result.servingRssKb = rssKb();
  const { health } = load('@berth/api');
  const client = kit.dial(health.v1.HealthClient, socketPath, { component: 'bench' });
  const answer = await client.call.check({ service: '' });
  if (answer.status !== health.v1.ServingStatus.SERVING_STATUS_SERVING) throw new Error('not serving');
  result.firstHealthMs = performance.now();
  result.firstHealthRssKb = rssKb();
  client.close();
  if (flag === '--reflection') {
    const before = performance.now();
    await reflectOnce(load('@grpc/grpc-js'), `unix:${socketPath}`);
    result.firstReflectionCallMs = performance.now() - before;
    result.afterReflectionRssKb = rssKb();
  }
  await handle.close();
  process.stdout.write(JSON.stringify(result) + '\n');
}

main().catch((err) => {
  process.stderr.write(`${err.stack}\n`);
  process.exit(1);
});
