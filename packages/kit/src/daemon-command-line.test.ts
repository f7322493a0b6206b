import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { defineConfigSchema } from './config/schema';
import { readDaemonCommandLine } from './daemon-command-line';

const schema = defineConfigSchema({
  logLevel: { type: 'string', default: 'info', description: 'log level' },
  workers: { type: 'integer', default: 2, description: 'workers' },
  dryRun: { type: 'boolean', default: false, description: 'change nothing' },
  upstreams: { type: 'string[]', default: [], description: 'resolvers' },
});

async function read(argv: string[]) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const text = (s: PassThrough) => () => (s.read() ?? '').toString();
  const result = await readDaemonCommandLine({
    binary: 'berth-test',
    component: 'testd',
    schema,
    usage: 'Usage: berth-test [options]',
    version: '1.2.3',
    argv,
    stdout,
    stderr,
  });
  return { result, stdout: text(stdout)(), stderr: text(stderr)() };
}

describe('readDaemonCommandLine', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'kit-daemon-cli-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('prints help and the version, and exits 0', async () => {
    expect(await read(['--help'])).toMatchObject({
      result: { exitCode: 0 },
      stdout: 'Usage: berth-test [options]\n',
    });
    expect(await read(['--version'])).toMatchObject({
      result: { exitCode: 0 },
      stdout: 'berth-test 1.2.3\n',
    });
  });

  it('refuses an unknown flag with exit 2 and the usage', async () => {
    const { result, stderr } = await read(['--bogus']);
    expect(result).toEqual({ exitCode: 2 });
    expect(stderr).toMatch(/^berth: berth-test: .*--bogus.*\nUsage: berth-test/s);
  });

  it('refuses a bad config file with exit 1, naming the key', async () => {
    const file = join(dir, 'testd.json');
    writeFileSync(file, JSON.stringify({ workerz: 3 }));
    const { result, stderr } = await read(['--config', file]);
    expect(result).toEqual({ exitCode: 1 });
    expect(stderr).toContain('unknown key "workerz"');
  });

  it('merges flags of every type over the defaults and resolves the paths', async () => {
    const { result } = await read([
      '--root',
      join(dir, 'root'),
      '--run',
      join(dir, 'run'),
      '--workers',
      '5',
      '--dry-run',
      '--upstreams',
      '127.0.0.1:53',
      '--upstreams',
      '127.0.0.2:53',
    ]);
    expect(result).toMatchObject({
      config: {
        values: { logLevel: 'info', workers: 5, dryRun: true, upstreams: ['127.0.0.1:53', '127.0.0.2:53'] },
      },
      paths: { root: join(dir, 'root'), run: join(dir, 'run'), socket: join(dir, 'run', 'testd.sock') },
    });
  });
});
