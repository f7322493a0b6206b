import { renderDocuments, renderRows } from './render';
import { alignColumns } from './table';
import { binarySize, ellipsis, humanDuration, humanSize, shortId, timeAgo } from './units';

describe('alignColumns (tabwriter 10/1/3)', () => {
  it('pads each cell to its column width plus 3, at least 10, and leaves the last cell alone', () => {
    expect(alignColumns(['CONTAINER ID\tIMAGE\tNAMES', 'abc\tbusybox\tweb'])).toEqual([
      'CONTAINER ID   IMAGE     NAMES',
      'abc            busybox   web',
    ]);
  });
  it('honours a different minimum width (top uses 20)', () => {
    expect(alignColumns(['PID\tCMD', '1\tsh'], 20)).toEqual([
      `PID${' '.repeat(17)}CMD`,
      `1${' '.repeat(19)}sh`,
    ]);
  });
});

describe('renderRows', () => {
  const headers = { ID: 'CONTAINER ID', Names: 'NAMES' };
  const rows = [
    { ID: 'abc', Names: 'web' },
    { ID: 'def', Names: 'db' },
  ];
  const options = { defaultFormat: 'table {{.ID}}\t{{.Names}}', headers };

  it('prints the default table, also for --format table', () => {
    const table = 'CONTAINER ID   NAMES\nabc            web\ndef            db\n';
    expect(renderRows(rows, { ...options, format: undefined })).toBe(table);
    expect(renderRows(rows, { ...options, format: 'table' })).toBe(table);
  });
  it('turns a literal \\t into a tab and heads unknown fields by name', () => {
    const withAge = rows.map((row) => ({ ...row, RunningFor: '3 minutes ago' }));
    expect(renderRows(withAge, { ...options, format: 'table {{.Names}}\\t{{.RunningFor}}' })).toBe(
      'NAMES     RUNNING FOR\nweb       3 minutes ago\ndb        3 minutes ago\n',
    );
    expect(() => renderRows(rows, { ...options, format: '{{.Nope}}' })).toThrow("can't evaluate field Nope");
  });
  it('prints one JSON object per line for json, and raw templates without a header', () => {
    expect(renderRows(rows, { ...options, format: 'json' })).toBe(
      '{"ID":"abc","Names":"web"}\n{"ID":"def","Names":"db"}\n',
    );
    expect(renderRows(rows, { ...options, format: '{{.Names}}' })).toBe('web\ndb\n');
    expect(renderRows([], { ...options, format: undefined })).toBe('CONTAINER ID   NAMES\n');
  });
  it('prints inspect documents as an indented array, per-document templates or json lines', () => {
    expect(renderDocuments([{ Id: 'a' }], undefined)).toBe('[\n    {\n        "Id": "a"\n    }\n]\n');
    expect(renderDocuments([{ Id: 'a' }, { Id: 'b' }], '{{.Id}}')).toBe('a\nb\n');
    expect(renderDocuments([{ Id: 'a' }], 'json')).toBe('{"Id":"a"}\n');
  });
});

describe('units', () => {
  it('prints sizes as go-units does', () => {
    expect(humanSize(0)).toBe('0B');
    expect(humanSize(999)).toBe('999B');
    expect(humanSize(4_261_223)).toBe('4.261MB');
    expect(humanSize(1_000_000)).toBe('1MB');
    expect(binarySize(1536 * 1024)).toBe('1.5MiB');
  });
  it('prints durations and times ago in words', () => {
    expect(humanDuration(500)).toBe('Less than a second');
    expect(humanDuration(1000)).toBe('1 second');
    expect(humanDuration(45_000)).toBe('45 seconds');
    expect(humanDuration(90_000)).toBe('About a minute');
    expect(humanDuration(3 * 3_600_000)).toBe('3 hours');
    expect(humanDuration(3 * 86_400_000)).toBe('3 days');
    expect(humanDuration(20 * 86_400_000)).toBe('2 weeks');
    const now = new Date('2026-11-23T12:00:00Z');
    expect(timeAgo(new Date('2026-11-23T11:57:00Z'), now)).toBe('3 minutes ago');
    expect(timeAgo(undefined, now)).toBe('');
  });
  it('shortens ids and text', () => {
    expect(shortId('sha256:0123456789abcdef')).toBe('0123456789ab');
    expect(ellipsis('sleep 1000000000000000', 10)).toBe('sleep 100…');
    expect(ellipsis('short', 10)).toBe('short');
  });
});
