import { mkdir, mkdtemp, readFile, readlink, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IgnoreMatcher } from './dockerignore';
import { extractContext } from './extract';
import { packContext } from './pack';
import { resolveInRoot } from './scoped-path';
import { walkContext } from './walk';
import { Readable } from 'node:stream';
import * as tar from 'tar-stream';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'berth-builder-ctx-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function tree(root: string, files: Record<string, string>): Promise<void> {
  for (const [path, content] of Object.entries(files)) {
    await mkdir(join(root, path, '..'), { recursive: true });
    await writeFile(join(root, path), content);
  }
}

describe('IgnoreMatcher', () => {
  const matcher = IgnoreMatcher.parse(
    [
      '# comment',
      '  *.log  ',
      'build',
      '**/tmp',
      '!build/keep.txt',
      '/docs/*.md',
      '!docs/README.md',
      'a?c',
      '[x-z].txt',
    ].join('\n'),
  );
  it.each([
    ['app.log', true],
    ['sub/app.log', false],
    ['build', true],
    ['build/out.o', true],
    ['build/keep.txt', false],
    ['tmp', true],
    ['deep/er/tmp', true],
    ['docs/guide.md', true],
    ['docs/README.md', false],
    ['abc', true],
    ['abbc', false],
    ['y.txt', true],
    ['src/main.c', false],
  ])('%s ignored: %s', (path, ignored) => {
    expect(matcher.ignores(path)).toBe(ignored);
  });

  it('carries a directory match down to its contents when told the parent result', () => {
    expect(matcher.ignores('deep/er/tmp/file', true)).toBe(true);
    expect(matcher.ignores('build/keep.txt', true)).toBe(false);
    expect(matcher.ignores('src/x', false)).toBe(false);
  });

  it('rejects a bare ! and broken classes', () => {
    expect(() => IgnoreMatcher.parse('!')).toThrow('.dockerignore: invalid pattern');
    expect(() => IgnoreMatcher.parse('[ab')).toThrow('unterminated character class');
  });
});

describe('walkContext / packContext / extractContext', () => {
  it('walks sorted, applies ignores, keeps parents of re-included files, does not follow symlinks', async () => {
    const ctx = join(dir, 'ctx');
    await tree(ctx, { 'b.txt': 'b', 'a/x.log': 'x', 'a/keep.log': 'k', 'c/d.txt': 'd' });
    await symlink('/etc', join(ctx, 'etc-link'));
    const ignore = new IgnoreMatcher(['a', '!a/keep.log', '*.txt']);
    const paths: string[] = [];
    for await (const entry of walkContext(ctx, ignore)) paths.push(entry.path);
    expect(paths).toEqual(['a', 'a/keep.log', 'c', 'c/d.txt', 'etc-link']);
  });

  it('round-trips a context through tar, symlinks kept as links', async () => {
    const ctx = join(dir, 'ctx');
    const out = join(dir, 'out');
    await tree(ctx, { 'src/main.c': 'int main(){}', README: 'hi', 'skip.log': 'no' });
    await symlink('../README', join(ctx, 'src', 'readme-link'));
    await mkdir(out);
    await extractContext(packContext(ctx, new IgnoreMatcher(['*.log'])), out);
    expect(await readFile(join(out, 'src/main.c'), 'utf8')).toBe('int main(){}');
    expect(await readlink(join(out, 'src/readme-link'))).toBe('../README');
    await expect(readFile(join(out, 'skip.log'))).rejects.toThrow('ENOENT');
  });

  it.each([
    ['../evil', [{ name: '../evil', type: 'file' as const }]],
    ['/abs', [{ name: '/abs', type: 'file' as const }]],
    [
      'link/x',
      [
        { name: 'link', type: 'symlink' as const, linkname: '/tmp' },
        { name: 'link/x', type: 'file' as const },
      ],
    ],
  ])('refuses a context entry escaping the directory (%s)', async (_name, entries) => {
    const pack = tar.pack();
    for (const entry of entries) {
      if (entry.type === 'file') pack.entry(entry, 'data');
      else pack.entry(entry);
    }
    pack.finalize();
    const out = join(dir, 'out');
    await mkdir(out);
    await expect(extractContext(Readable.from(pack), out)).rejects.toMatchObject({
      reason: 'CONTEXT_PATH_ESCAPES',
    });
  });
});

describe('resolveInRoot', () => {
  it('follows symlinks but keeps them inside the root', async () => {
    const root = join(dir, 'root');
    await tree(root, { 'etc/passwd': 'inside', 'data/file': 'f' });
    await symlink('/etc', join(root, 'abs'));
    await symlink('../../../../etc', join(root, 'data', 'climb'));
    await symlink('file', join(root, 'data', 'rel'));
    expect(await resolveInRoot(root, 'abs/passwd')).toBe(join(root, 'etc/passwd'));
    expect(await resolveInRoot(root, '/data/climb/passwd')).toBe(join(root, 'etc/passwd'));
    expect(await resolveInRoot(root, '../../etc/passwd')).toBe(join(root, 'etc/passwd'));
    expect(await resolveInRoot(root, 'data/rel')).toBe(join(root, 'data/file'));
    expect(await resolveInRoot(root, 'data/rel', false)).toBe(join(root, 'data/rel'));
    expect(await resolveInRoot(root, 'missing/x')).toBe(join(root, 'missing/x'));
  });

  it('stops symlink loops', async () => {
    const root = join(dir, 'root');
    await mkdir(root);
    await symlink('loop', join(root, 'loop'));
    await expect(resolveInRoot(root, 'loop')).rejects.toThrow('too many levels of symbolic links');
  });
});
