// Start-up cost of a Berth daemon's gRPC plumbing: each round is a fresh `node` process that
// requires @berth/kit, starts a server on a temp unix socket and makes its first Health.Check
// (start-once.js), next to a bare `node` process for the baseline. Prints medians: time since
// process start and resident memory (VmRSS) at each step, and what the first reflection call costs.
// With --against <checkout> (another built checkout with its node_modules, e.g. a git worktree of
// an older commit) both trees are measured in alternating rounds of one run.
// Usage: node tools/bench/kit/bench.js [--rounds N] [--against DIR] [--json]
// Needs the built packages: npx nx run @berth/kit:build
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

function parseArgs(argv) {
  const options = { rounds: 10, against: undefined, json: false };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--rounds') options.rounds = Number(argv[++i]);
    else if (argv[i] === '--against') options.against = path.resolve(argv[++i] ?? '');
    else if (argv[i] === '--json') options.json = true;
    else throw new Error(`unknown argument ${argv[i]}`);
  }
  if (!Number.isSafeInteger(options.rounds) || options.rounds < 1)
    throw new Error('--rounds must be a positive integer');
  if (options.against && !fs.existsSync(path.join(options.against, 'packages/kit/dist/index.js')))
    throw new Error(`--against ${options.against}: no built packages/kit/dist/index.js there`);
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
process.stdout.write(JSON.stringify({ firstHealthMs: require('node:perf_hooks').performance.now(), firstHealthRssKb: rss }));
`;

function runNode(args, env = {}) {
  const child = spawnSync(process.execPath, args, { encoding: 'utf8', env: { ...process.env, ...env } });
  if (child.status !== 0) throw new Error(`node ${args.join(' ')} failed: ${child.stderr}`);
  return JSON.parse(child.stdout);
}

function summarise(samples) {
  const pick = (key) => {
    const values = samples.filter((s) => key in s).map((s) => s[key]);
    return values.length ? median(values) : undefined;
  };
  return {
    requireKitMs: pick('requiredMs'),
    requireKitRssMb: pick('requiredRssKb') / 1024,
    servingRssMb: pick('servingRssKb') / 1024,
    firstHealthMs: pick('firstHealthMs'),
    firstHealthRssMb: pick('firstHealthRssKb') / 1024,
    firstReflectionCallMs: pick('firstReflectionCallMs'),
    afterReflectionRssMb: pick('afterReflectionRssKb') / 1024,
  };
}

function print(rounds, columns) {
  const cell = (value, unit) =>
    value === undefined || Number.isNaN(value) ? '-' : `${value.toFixed(1)} ${unit}`;
  const rows = [
    ['require(@berth/kit)', 'requireKitMs', 'ms'],
    ['  RSS', 'requireKitRssMb', 'MB'],
    ['startServer listening, RSS', 'servingRssMb', 'MB'],
    ['first Health.Check answered', 'firstHealthMs', 'ms'],
    ['  RSS', 'firstHealthRssMb', 'MB'],
    ['then first reflection call', 'firstReflectionCallMs', 'ms'],
    ['  RSS after it', 'afterReflectionRssMb', 'MB'],
  ];
  console.log(`@berth/kit start-up: medians of ${rounds} fresh processes (ms since process start, VmRSS)`);
  console.log(['', ...Object.keys(columns)].map((c, i) => (i ? c.padStart(14) : c.padEnd(30))).join(''));
  for (const [label, key, unit] of rows) {
    const cells = Object.values(columns).map((summary) => cell(summary[key], unit).padStart(14));
    console.log(label.padEnd(30) + cells.join(''));
  }
  console.log('(bare node: a process that only reads its own VmRSS, in the "first Health.Check" rows)');
}

function main() {
  const options = parseArgs(process.argv.slice(2));
  const trees = { 'this tree': path.join(__dirname, '../../..') };
  if (options.against) trees.against = options.against;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-kit-'));
  const samples = { 'bare node': [] };
  for (const name of Object.keys(trees)) samples[name] = [];
  try {
    for (let round = 0; round < options.rounds; round++) {
      samples['bare node'].push(runNode(['-e', BASELINE]));
      // Every other round also measures the first reflection call, after the health call.
      const order = round % 2 ? Object.keys(trees).reverse() : Object.keys(trees);
      for (const name of order) {
        const args = [path.join(__dirname, 'start-once.js'), path.join(dir, `r${round}.sock`)];
        if (round % 2) args.push('--reflection');
        samples[name].push(runNode(args, { BERTH_BENCH_TREE: trees[name] }));
      }
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const columns = Object.fromEntries(Object.entries(samples).map(([name, list]) => [name, summarise(list)]));
  if (options.json)
    process.stdout.write(JSON.stringify({ rounds: options.rounds, columns, samples }, null, 2) + '\n');
  else print(options.rounds, columns);
}

main();
