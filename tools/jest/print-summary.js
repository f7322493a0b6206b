// Prints the suite's closing line from the records summary-reporter.js left behind.
// Exits non-zero when no test ran at all: a green run that tested nothing is not green.
const fs = require('node:fs');
const path = require('node:path');

const dir = process.argv[2];
const totals = { passed: 0, failed: 0, skipped: 0 };
const projects = [];
for (const file of fs.readdirSync(dir)) {
  const record = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
  projects.push(record.project);
  for (const key of Object.keys(totals)) totals[key] += record[key];
}
console.log(`projects tested: ${projects.sort().join(', ') || 'none'}`);
console.log(`tests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(totals.passed === 0 ? 1 : 0);
