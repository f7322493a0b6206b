// What every benchmark here shares: its command line, timing a program or a call, and the
// statistics it prints. Only local programs and sockets are timed (see each bench's README).
const { spawn } = require('node:child_process');

/** `--rounds N` (a positive integer), `--json`, and any extra boolean flags the bench names. */
function parseBenchArgs(argv, { rounds, flags = [] }) {
  const options = { rounds, json: false };
  for (const flag of flags) options[flag] = false;
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i].startsWith('--') ? argv[i].slice(2) : '';
    if (name === 'rounds') options.rounds = Number(argv[++i]);
    else if (name === 'json' || flags.includes(name)) options[name] = true;
    else throw new Error(`unknown argument ${argv[i]}`);
  }
  if (!Number.isSafeInteger(options.rounds) || options.rounds < 1)
    throw new Error('--rounds must be a positive integer');
  return options;
}

/** Runs a program to completion; resolves with its wall time in seconds, rejects with its stderr. */
function timedRun(program, args, env = {}) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(program, args, {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, ...env },
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      if (code === 0) resolve(seconds);
      else reject(new Error(`${program} ${args.join(' ')} exited ${code}: ${stderr.trim().slice(-2000)}`));
    });
  });
}

/** Awaits fn; resolves with how long it took, in milliseconds. */
async function timed(fn) {
  const started = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - started) / 1e6;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Polls `check` (a promise-returning function) every 100 ms until it resolves; throws after `tries`. */
async function waitFor(check, what, tries = 300) {
  for (let i = 0; i < tries; i++) {
    if (
      await check().then(
        () => true,
        () => false,
      )
    )
      return;
    await new Promise((done) => setTimeout(done, 100));
  }
  throw new Error(`${what} did not come up`);
}

module.exports = { median, parseBenchArgs, percentile, timed, timedRun, waitFor };
