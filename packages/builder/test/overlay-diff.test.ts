import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, unlinkSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { lgetxattr, llistxattr, lsetxattr } from '@berth/sys';
import { diffTrees, overlayUpperChanges, type Change } from '../src';

// Needs root: a real overlay mount. The upper dir must list the same changes the tree walk finds.

const summary = (changes: Change[]) =>
  changes.map(
    (change) =>
      `${change.kind} ${change.path}${change.kind === 'write' && change.stats.isDirectory() ? '/' : ''}`,
  );

describe('overlayUpperChanges', () => {
  let work: string;
  let merged: string;

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'builder-ovl-'));
    const lower = join(work, 'lower');
    for (const dir of [
      'lower/etc',
      'lower/gone/sub',
      'lower/refilled',
      'lower/keep',
      'upper',
      'work',
      'merged',
    ])
      mkdirSync(join(work, dir), { recursive: true });
    writeFileSync(join(lower, 'etc/passwd'), 'root:x:0:0::/root:/bin/sh\n');
    writeFileSync(join(lower, 'etc/hosts'), '127.0.0.1 localhost\n');
    writeFileSync(join(lower, 'gone/sub/file'), 'x');
    writeFileSync(join(lower, 'refilled/old'), 'old');
    writeFileSync(join(lower, 'keep/same'), 'same');
    merged = join(work, 'merged');
    execFileSync('mount', [
      '-t',
      'overlay',
      '-o',
      `lowerdir=${lower},upperdir=${join(work, 'upper')},workdir=${join(work, 'work')},redirect_dir=off,metacopy=off`,
      'overlay',
      merged,
    ]);
  });

  afterAll(() => {
    if (merged) execFileSync('umount', ['-l', merged], { stdio: 'ignore' });
    rmSync(work, { recursive: true, force: true });
  });

  it('reads deletions, opaque directories, new and changed entries off the upper dir', async () => {
    writeFileSync(join(merged, 'etc/passwd'), 'root:x:0:0::/root:/bin/sh\napp:x:1000:1000::/app:/bin/sh\n');
    unlinkSync(join(merged, 'etc/hosts'));
    rmSync(join(merged, 'gone'), { recursive: true });
    rmSync(join(merged, 'refilled'), { recursive: true });
    mkdirSync(join(merged, 'refilled'));
    writeFileSync(join(merged, 'refilled/new'), 'new');
    mkdirSync(join(merged, 'app/bin'), { recursive: true });
    writeFileSync(join(merged, 'app/bin/tool'), '#!/bin/sh\n');
    chmodSync(join(merged, 'app/bin/tool'), 0o755);
    symlinkSync('bin/tool', join(merged, 'app/tool'));

    const result = await overlayUpperChanges(join(work, 'upper'));
    expect(result.exact).toBe(true);
    const changes = result.exact ? result.changes : [];
    expect(summary(changes)).toEqual([
      'write app/',
      'write app/bin/',
      'write app/bin/tool',
      'write app/tool',
      'write etc/',
      'delete etc/hosts',
      'write etc/passwd',
      'delete gone',
      'write refilled/',
      'opaque refilled',
      'write refilled/new',
    ]);
    const link = changes.find((change) => change.path === 'app/tool');
    expect(link?.kind === 'write' && link.linkTarget).toBe('bin/tool');
    // The same changes as the tree walk finds (which lists a directory's deletions first).
    const walked = summary(await diffTrees(join(work, 'lower'), merged)).sort();
    expect(summary(changes).sort()).toEqual(walked);

    // Given the lower dirs, the same (etc/ and refilled/ are lower directories, so the xattrs
    // are read); with lowers that hold none of the upper's directories, no opaque marker is
    // looked for (a directory that hides nothing).
    const withLowers = await overlayUpperChanges(join(work, 'upper'), { lowers: [join(work, 'lower')] });
    expect(withLowers.exact && summary(withLowers.changes)).toEqual(summary(changes));
    // The same with the xattrs read in-process (the engine's way) instead of by getfattr.
    const inProcess = await overlayUpperChanges(join(work, 'upper'), {
      lowers: [join(work, 'lower')],
      xattrs: { list: llistxattr, get: lgetxattr },
    });
    expect(inProcess.exact && summary(inProcess.changes)).toEqual(summary(changes));
    mkdirSync(join(work, 'empty-lower'));
    const nothingBelow = await overlayUpperChanges(join(work, 'upper'), {
      lowers: [join(work, 'empty-lower')],
    });
    expect(nothingBelow.exact && summary(nothingBelow.changes)).toEqual(
      summary(changes).filter((line) => line !== 'opaque refilled'),
    );
  });

  it('reports an upper dir with a redirect xattr as inexact, read in-process too', async () => {
    const upper = mkdtempSync(join(tmpdir(), 'berth-overlay-redirect-'));
    try {
      mkdirSync(join(upper, 'moved'));
      lsetxattr(join(upper, 'moved'), 'trusted.overlay.redirect', Buffer.from('/old'));
      const result = await overlayUpperChanges(upper, { xattrs: { list: llistxattr, get: lgetxattr } });
      expect(result).toEqual({ exact: false, why: `${join(upper, 'moved')} has trusted.overlay.redirect` });
    } finally {
      rmSync(upper, { recursive: true, force: true });
    }
  });
});
