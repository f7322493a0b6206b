// CI guard: regenerating code from proto/ must not change what is committed.
// Compares the work tree with the index after `npm run proto`, so stage regenerated code.
const { execFileSync } = require('node:child_process');

const generated = ['packages/api/src/gen', 'packages/api/descriptor'];
const git = (...args) => execFileSync('git', args, { encoding: 'utf8' });

execFileSync('npm', ['run', '--silent', 'proto'], { stdio: 'inherit' });
const changed = git('diff', '--name-only', '--', ...generated).trim();
const added = git('ls-files', '--others', '--exclude-standard', '--', ...generated).trim();
if (changed || added) {
  console.error('check-generated: `npm run proto` changed generated code; regenerate and commit it:');
  console.error([changed, added].filter(Boolean).join('\n'));
  process.exit(1);
}
console.error('check-generated: generated code is current');
