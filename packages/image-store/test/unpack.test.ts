import { execFileSync } from 'node:child_process';
import { lstatSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { lgetxattr } from '@berth/sys';

import { gzip, tarOf, zstd, FIXED_TIME, type TarEntry } from './support/layers';
import { listTree } from './support/tree';
import { sha256, unpackBuffer } from './support/unpack';

// Needs root: ownership, device nodes and trusted.* xattrs.

const CAPABILITY = Buffer.from('0100000280200000000000000000000000000000', 'hex'); // bytes >= 0x80 on purpose
const LONG_NAME = `${'deep/'.repeat(30)}file-with-a-long-name.txt`;
const UNICODE_NAME = 'données/ファイル-🙂.txt';

const BIG_CONTENT = Buffer.alloc((9 << 20) + 123, 'big file\n');

const trickyEntries: TarEntry[] = [
  { name: 'bin/', type: 'directory', mode: 0o755 },
  { name: 'bin/tool', content: 'tool', mode: 0o4755 },
  { name: 'bin/group-tool', content: 'g', mode: 0o2711, gid: 50 },
  { name: 'tmp/', type: 'directory', mode: 0o1777 },
  { name: 'home/user/', type: 'directory', mode: 0o750, uid: 1000, gid: 1001 },
  { name: 'home/user/notes', content: 'hello\n', mode: 0o600, uid: 1000, gid: 1001 },
  { name: 'home/user/link', type: 'symlink', linkname: '../../etc/motd', uid: 1000, gid: 1001 },
  { name: 'home/user/hard', type: 'link', linkname: 'home/user/notes' },
  { name: 'dev/', type: 'directory' },
  { name: 'dev/null', type: 'character-device', devmajor: 1, devminor: 3, mode: 0o666 },
  { name: 'dev/loop9', type: 'block-device', devmajor: 7, devminor: 9, mode: 0o660, gid: 6 },
  { name: 'run/pipe', type: 'fifo', mode: 0o620 },
  { name: 'ping', content: 'caps', mode: 0o755, pax: { 'SCHILY.xattr.security.capability': CAPABILITY } },
  {
    name: 'tagged',
    content: 't',
    pax: { 'SCHILY.xattr.user.origin': 'tést', 'SCHILY.xattr.trusted.note': 'x' },
  },
  { name: LONG_NAME, content: 'long' },
  { name: UNICODE_NAME, content: 'unicode' },
  { name: 'old', content: 'm', mtime: new Date('2001-02-03T04:05:06Z') },
  // Bigger than a writer batch (4 MiB): created in pieces, metadata after the last one.
  {
    name: 'bin/big',
    content: BIG_CONTENT,
    mode: 0o4750,
    uid: 7,
    gid: 8,
    mtime: new Date('2002-03-04T05:06:07Z'),
  },
];

function xattrHex(path: string, name: string): string | undefined {
  return lgetxattr(path, name)?.toString('hex');
}

describe('layer unpack', () => {
  let work: string;
  let root: string;
  let outside: string;

  beforeEach(() => {
    work = mkdtempSync(join(tmpdir(), 'berth-unpack-'));
    root = join(work, 'root');
    outside = join(work, 'outside');
    mkdirSync(root);
    mkdirSync(outside);
  });
  afterEach(() => rmSync(work, { recursive: true, force: true }));

  it('applies every kind of entry with its metadata', async () => {
    const tar = tarOf(trickyEntries);
    const result = await unpackBuffer(root, gzip(tar), { compression: 'gzip', expectedDiffId: sha256(tar) });
    expect(result.diffId).toBe(sha256(tar));
    expect(result.size).toBe(tar.length);

    const at = (p: string) => lstatSync(join(root, p));
    expect(at('bin/tool').mode & 0o7777).toBe(0o4755);
    expect(at('bin/group-tool').mode & 0o7777).toBe(0o2711);
    expect(at('bin/group-tool').gid).toBe(50);
    expect(at('tmp').mode & 0o7777).toBe(0o1777);
    expect(at('home/user')).toMatchObject({ uid: 1000, gid: 1001 });
    expect(at('home/user').mode & 0o7777).toBe(0o750);
    expect(readFileSync(join(root, 'home/user/notes'), 'utf8')).toBe('hello\n');
    expect(at('home/user/link').isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(root, 'home/user/link'))).toBe('../../etc/motd');
    expect(at('home/user/link')).toMatchObject({ uid: 1000, gid: 1001 });
    expect(at('home/user/hard').ino).toBe(at('home/user/notes').ino);
    expect(at('dev/null').isCharacterDevice()).toBe(true);
    expect(at('dev/null').rdev).toBe(0x103);
    expect(at('dev/null').mode & 0o7777).toBe(0o666);
    expect(at('dev/loop9').isBlockDevice()).toBe(true);
    expect(at('dev/loop9')).toMatchObject({ gid: 6 });
    expect(at('run/pipe').isFIFO()).toBe(true);
    expect(at('run/pipe').mode & 0o7777).toBe(0o620);
    expect(xattrHex(join(root, 'ping'), 'security.capability')).toBe(CAPABILITY.toString('hex'));
    expect(xattrHex(join(root, 'tagged'), 'user.origin')).toBe(Buffer.from('tést').toString('hex'));
    expect(xattrHex(join(root, 'tagged'), 'trusted.note')).toBe(Buffer.from('x').toString('hex'));
    expect(readFileSync(join(root, LONG_NAME), 'utf8')).toBe('long');
    expect(readFileSync(join(root, UNICODE_NAME), 'utf8')).toBe('unicode');
    expect(at('old').mtime.toISOString()).toBe('2001-02-03T04:05:06.000Z');
    expect(readFileSync(join(root, 'bin/big')).equals(BIG_CONTENT)).toBe(true);
    expect(at('bin/big')).toMatchObject({ uid: 7, gid: 8 });
    expect(at('bin/big').mode & 0o7777).toBe(0o4750);
    expect(at('bin/big').mtime.toISOString()).toBe('2002-03-04T05:06:07.000Z');
    expect(at('bin').mtime.getTime()).toBe(FIXED_TIME.getTime());
    expect(at('home/user').mtime.getTime()).toBe(FIXED_TIME.getTime());
    // Parents the archive never declared are created and reported for adoption from lower layers.
    expect(result.implicitDirs).toEqual(expect.arrayContaining(['run', 'deep', 'données']));
  });

  it('produces the same tree from gzip, zstd and uncompressed layers', async () => {
    const tar = tarOf(trickyEntries);
    const trees: string[] = [];
    for (const [compression, blob] of [
      ['none', tar],
      ['gzip', gzip(tar)],
      ['zstd', zstd(tar)],
    ] as const) {
      const dir = join(work, compression);
      mkdirSync(dir);
      const result = await unpackBuffer(dir, blob, { compression, expectedDiffId: sha256(tar) });
      expect(result.diffId).toBe(sha256(tar));
      // Undeclared parents get the time of unpacking; everything declared must match exactly.
      trees.push(listTree(dir, { directoryTimes: false }));
    }
    expect(trees[1]).toEqual(trees[0]);
    expect(trees[2]).toEqual(trees[0]);
  });

  it('turns whiteouts into overlay whiteouts and opaque markers into the opaque xattr, wherever they appear', async () => {
    const tar = tarOf([
      { name: 'etc/', type: 'directory' },
      { name: 'etc/.wh.gone' },
      { name: 'cache/', type: 'directory' },
      { name: 'cache/kept', content: 'same layer' },
      { name: 'cache/.wh..wh..opq' }, // after an entry of its own directory
      { name: 'mine', content: 'created here' },
      { name: '.wh.mine' }, // same layer: must not hide it
      { name: '.wh..wh.plnk' }, // AUFS bookkeeping
      { name: 'redo/.wh.x' },
      { name: '.wh.back' },
      { name: 'back/', type: 'directory' }, // re-created after its whiteout
    ]);
    await unpackBuffer(root, tar);
    const gone = lstatSync(join(root, 'etc/gone'));
    expect(gone.isCharacterDevice()).toBe(true);
    expect(gone.rdev).toBe(0);
    expect(xattrHex(join(root, 'cache'), 'trusted.overlay.opaque')).toBe('79');
    expect(readFileSync(join(root, 'cache/kept'), 'utf8')).toBe('same layer');
    expect(readFileSync(join(root, 'mine'), 'utf8')).toBe('created here');
    expect(readdirSync(root)).not.toContain('.wh..wh.plnk');
    expect(lstatSync(join(root, 'redo/x')).isCharacterDevice()).toBe(true);
    expect(lstatSync(join(root, 'back')).isDirectory()).toBe(true);
    expect(xattrHex(join(root, 'back'), 'trusted.overlay.opaque')).toBe('79');
  });

  describe('refuses malicious layers, naming the entry and writing nothing outside', () => {
    const cases: Array<[string, TarEntry[], RegExp]> = [
      ['a .. path', [{ name: '../evil', content: 'x' }], /"\.\.\/evil".*"\.\."/],
      ['a nested .. path', [{ name: 'a/../../evil', content: 'x' }], /"a\/\.\.\/\.\.\/evil"/],
      ['an absolute path', [{ name: '/evil', content: 'x' }], /"\/evil".*absolute/],
      [
        'a write through a symlinked parent',
        [
          { name: 'esc', type: 'symlink', linkname: '../outside' },
          { name: 'esc/pwned', content: 'x' },
        ],
        /"esc\/pwned".*symlink/,
      ],
      [
        'a write through an absolute symlinked parent',
        [
          { name: 'esc', type: 'symlink', linkname: '/' },
          { name: 'esc/tmp/pwned', content: 'x' },
        ],
        /"esc\/tmp\/pwned".*symlink/,
      ],
      [
        'a hardlink out with ..',
        [{ name: 'hl', type: 'link', linkname: '../outside/secret' }],
        /"\.\.\/outside\/secret"/,
      ],
      [
        'a hardlink to an absolute path',
        [{ name: 'hl', type: 'link', linkname: '/etc/passwd' }],
        /"\/etc\/passwd".*absolute/,
      ],
      [
        'a hardlink through a symlinked parent',
        [
          { name: 'esc', type: 'symlink', linkname: '/etc' },
          { name: 'hl', type: 'link', linkname: 'esc/passwd' },
        ],
        /"hl".*symlink/,
      ],
      [
        'a hardlink to something not in the layer',
        [{ name: 'hl', type: 'link', linkname: 'missing' }],
        /"hl".*not in this layer/,
      ],
    ];
    it.each(cases)('%s', async (_what, entries, message) => {
      writeSentinel(outside);
      await expect(unpackBuffer(root, tarOf(entries))).rejects.toMatchObject({
        code: 'InvalidArgument',
        reason: 'UNSAFE_LAYER_ENTRY',
        message: expect.stringMatching(message),
      });
      expect(readdirSync(outside)).toEqual(['sentinel']);
      expect(readdirSync(work).sort()).toEqual(['outside', 'root']);
    });

    it('a tar bomb beyond the size limit', async () => {
      const bomb = gzip(tarOf([{ name: 'zeros', content: Buffer.alloc(4 << 20) }]));
      expect(bomb.length).toBeLessThan(64 << 10);
      await expect(
        unpackBuffer(root, bomb, { compression: 'gzip', maxBytes: 1 << 20 }),
      ).rejects.toMatchObject({
        reason: 'LAYER_TOO_LARGE',
        message: expect.stringContaining('"zeros"'),
      });
      expect(readdirSync(root)).toEqual([]);
    });
  });

  describe('fails cleanly on broken layers', () => {
    const good = tarOf([{ name: 'file', content: Buffer.alloc(3000, 7) }]);

    it('a tar cut inside a file', async () => {
      await expect(unpackBuffer(root, good.subarray(0, 1500))).rejects.toMatchObject({
        reason: 'INVALID_LAYER',
      });
    });

    it('a tar without its end-of-archive marker', async () => {
      const unterminated = tarOf([{ name: 'file', content: 'x' }], { endMarker: false });
      await expect(unpackBuffer(root, unterminated)).rejects.toMatchObject({
        reason: 'INVALID_LAYER',
        message: expect.stringContaining('truncated'),
      });
    });

    it('a corrupt gzip stream', async () => {
      const blob = gzip(good);
      blob[blob.length - 6] ^= 0xff; // the CRC32
      blob[20] ^= 0xff;
      await expect(unpackBuffer(root, blob, { compression: 'gzip' })).rejects.toMatchObject({
        reason: 'INVALID_LAYER',
      });
    });

    it('a corrupt zstd stream', async () => {
      const blob = zstd(good);
      blob[blob.length - 3] ^= 0xff;
      blob[10] ^= 0xff;
      await expect(unpackBuffer(root, blob, { compression: 'zstd' })).rejects.toMatchObject({
        reason: 'INVALID_LAYER',
      });
    });

    it('a layer whose content does not match the diffID of the config', async () => {
      await expect(
        unpackBuffer(root, good, { expectedDiffId: sha256(Buffer.from('something else')) }),
      ).rejects.toMatchObject({ code: 'DataLoss', reason: 'DIFF_ID_MISMATCH' });
    });
  });
});

function writeSentinel(dir: string): void {
  execFileSync('sh', ['-c', `echo keep > "${dir}/sentinel"`]);
}
