import { PassThrough } from 'node:stream';
import { progressBar, progressLine } from './progress-line';
import { createProgressRenderer, PlainProgress, TerminalProgress } from './renderer';

describe('progress', () => {
  it('draws docker-shaped bars', () => {
    expect(progressBar(50, 100)).toBe(`[${'='.repeat(25)}>${' '.repeat(24)}]      50B/100B`);
    expect(progressBar(100, 100)).toBe(`[${'='.repeat(50)}]     100B/100B`);
    expect(progressLine({ id: 'a3ed95caeb02', status: 'Downloading', current: 0, total: 0 }, true)).toBe(
      'a3ed95caeb02: Downloading',
    );
    expect(
      progressLine({ id: '', status: 'Status: Downloaded newer image', current: 0, total: 0 }, true),
    ).toBe('Status: Downloaded newer image');
  });

  it('prints one plain line per status change without a terminal', () => {
    const out = new PassThrough();
    const renderer = createProgressRenderer(out);
    expect(renderer).toBeInstanceOf(PlainProgress);
    const layer = (status: string, current = 0) => ({ id: 'l1', status, current, total: 100 });
    renderer.update({ id: '', status: 'latest: Pulling from library/busybox', current: 0, total: 0 });
    renderer.update(layer('Pulling fs layer'));
    renderer.update(layer('Downloading', 10));
    renderer.update(layer('Downloading', 60));
    renderer.update(layer('Pull complete', 100));
    renderer.finish();
    expect(out.read().toString()).toBe(
      'latest: Pulling from library/busybox\nl1: Pulling fs layer\nl1: Downloading\nl1: Pull complete\n',
    );
  });
});

describe('TerminalProgress', () => {
  it('draws a live bar per layer through cli-progress and prints status lines around them', () => {
    const out = Object.assign(new PassThrough(), { isTTY: true, columns: 200 });
    const renderer = createProgressRenderer(out);
    expect(renderer).toBeInstanceOf(TerminalProgress);
    renderer.update({ id: '', status: 'latest: Pulling from library/busybox', current: 0, total: 0 });
    renderer.update({ id: 'l1', status: 'Downloading', current: 500_000, total: 1_000_000 });
    renderer.update({ id: 'l2', status: 'Waiting', current: 0, total: 0 });
    renderer.update({ id: 'l1', status: 'Pull complete', current: 1_000_000, total: 1_000_000 });
    renderer.update({
      id: '',
      status: 'Status: Downloaded newer image for busybox:latest',
      current: 0,
      total: 0,
    });
    renderer.finish();
    // Strip the cursor movements: what remains is each line's last drawing.
    // eslint-disable-next-line no-control-regex
    const text = (out.read() as Buffer).toString().replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');
    expect(text.startsWith('latest: Pulling from library/busybox\n')).toBe(true);
    expect(text).toContain(`l1: Pull complete [${'='.repeat(50)}]      1MB/1MB`);
    expect(text).toContain('l2: Waiting');
    expect(text.trimEnd().endsWith('Status: Downloaded newer image for busybox:latest')).toBe(true);
  });
});
