// Prints every Berth package with its version and, for components with a binary, what
// `<binary> --version` says, so a reader sees at a glance what this checkout builds.
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');

const root = path.join(__dirname, '..');
const packagesDir = path.join(root, 'packages');

for (const name of fs.readdirSync(packagesDir).sort()) {
  const manifest = JSON.parse(fs.readFileSync(path.join(packagesDir, name, 'package.json'), 'utf8'));
  const bins = Object.entries(manifest.bin ?? {});
  console.log(`${manifest.name.padEnd(24)} ${manifest.version.padEnd(8)} ${manifest.description}`);
  for (const [bin, file] of bins) {
    const out = execFileSync(process.execPath, [path.join(packagesDir, name, file), '--version'], {
      encoding: 'utf8',
    });
    console.log(`  ${bin} --version: ${out.trim().split('\n').join(' | ')}`);
  }
}
