// Start-up cost of a Berth daemon's gRPC plumbing: each round is a fresh `node` process that
// requires @berth/kit, starts a server on a temp unix socket and makes its first Health.Check
// (start-once.js), next to a bare `node` process for the baseline. Prints medians: time since
// process start and resident memory (VmRSS) at each step, and what the first reflection call costs.
// Usage: node tools/bench/kit/bench.js [--rounds N] [--json]
// Needs the built packages: npx nx run @berth/kit:build
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

function parseArgs(argv) {
  const options = { rounds: 10, json: false };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--rounds') options.rounds = Number(argv[++i]);
    else if (argv[i] === '--json') options.json = true;
    else throw new Error(`unknown argument ${argv[i]}`);
  }
  if (!Number.isSafeInteger(options.rounds) || options.rounds < 1)
    throw new Error('--rounds must be a positive integer');
  return options;
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

const BASELINE = `
const fs = require('node:fs');
const rss = Number(/VmRSS:\\s+(\\d+)/.exec(fs.readFileSync('/proc/self/status', 'utf8'))[1]);
process.stdout.write(JSON.stringify({ readyMs: require('node:perf_hooks').performance.now(), rssKb: rss }));
`;

function runNode(args) {
  const child = spawnSync(process.execPath, args, { encoding: 'utf8', cwd: path.join(__dirname, '../../..') });
  if (child.status !== 0) throw new Error(`node ${args.join(' ')} failed: ${child.stderr}`);
  return JSON.parse(child.stdout);
}

function main() {
  const options = parseArgs(process.argv.slice(2));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-kit-'));
  const samples = { baseline: [], start: [] };
  try {
    for (let round = 0; round < options.rounds; round++) {
      samples.baseline.push(runNode(['-e', BASELINE]));
      // Every other round also measures the first reflection call, after the health call.
      const args = [path.join(__dirname, 'start-once.js'), path.join(dir, `r${round}.sock`)];
      samples.start.push(runNode(round % 2 ? [...args, '--reflection'] : args));
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const pick = (list, key) => median(list.filter((s) => key in s).map((s) => s[key]));
  const summary = {
    rounds: options.rounds,
    baselineMs: pick(samples.baseline, 'readyMs'),
    baselineRssMb: pick(samples.baseline, 'rssKb') / 1024,
    requireKitMs: pick(samples.start, 'requiredMs'),
    requireKitRssMb: pick(samples.start, 'requiredRssKb') / 1024,
    firstHealthMs: pick(samples.start, 'firstHealthMs'),
    servingRssMb: pick(samples.start, 'servingRssKb') / 1024,
    firstHealthRssMb: pick(samples.start, 'firstHealthRssKb') / 1024,
    firstReflectionCallMs: pick(samples.start, 'firstReflectionCallMs'),
    afterReflectionRssMb: pick(samples.start, 'afterReflectionRssKb') / 1024,
  };
  if (options.json) {
    process.stdout.write(JSON.stringify({ summary, samples }, null, 2) + '\n');
    return;
  }
  const f = (n) => n.toFixed(1);
  console.log(`@berth/kit start-up, medians of ${summary.rounds} fresh processes (ms since process start, VmRSS)`);
  console.log(`  bare node                    ${f(summary.baselineMs)} ms   ${f(summary.baselineRssMb)} MB`);
  console.log(`  require('@berth/kit')        ${f(summary.requireKitMs)} ms   ${f(summary.requireKitRssMb)} MB`);
  console.log(`  startServer listening        ${' '.repeat(f(summary.firstHealthMs).length + 4)}   ${f(summary.servingRssMb)} MB`);
  console.log(`  first Health.Check answered  ${f(summary.firstHealthMs)} ms   ${f(summary.firstHealthRssMb)} MB`);
  console.log(
    `  first reflection call        +${f(summary.firstReflectionCallMs)} ms  ${f(summary.afterReflectionRssMb)} MB after`,
  );
}

main();
