import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidArgumentError, NotFoundError } from '../errors/classes';
import { configEnvName, configFlagName, defineConfigSchema, describeConfig, loadConfig } from './index';

const schema = defineConfigSchema({
  socket: { type: 'string', default: '/run/berth/images.sock', description: 'gRPC socket' },
  logLevel: { type: 'string', default: 'info', description: 'log level', choices: ['debug', 'info', 'warn'] },
  maxConcurrentDownloads: { type: 'integer', default: 3, description: 'parallel layer downloads' },
  gcRatio: { type: 'number', default: 0.5, description: 'disk use that triggers GC' },
  debug: { type: 'boolean', default: false, description: 'debug mode' },
  mirrors: { type: 'string[]', default: [], description: 'registry mirrors' },
});

describe('loadConfig', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'berth-kit-config-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const writeConfig = (content: unknown) => {
    const path = join(dir, 'images.json');
    writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
    return path;
  };

  it('uses the defaults when nothing else is given', async () => {
    const { values, sources, file } = await loadConfig({
      component: 'images',
      schema,
      env: {},
      defaultFile: join(dir, 'absent.json'),
    });
    expect(values).toEqual({
      socket: '/run/berth/images.sock',
      logLevel: 'info',
      maxConcurrentDownloads: 3,
      gcRatio: 0.5,
      debug: false,
      mirrors: [],
    });
    expect(sources.socket).toBe('default');
    expect(file).toBeUndefined();
  });

  it('layers defaults < file < env < flags', async () => {
    const file = writeConfig({ socket: '/tmp/file.sock', maxConcurrentDownloads: 5, logLevel: 'warn' });
    const { values, sources } = await loadConfig({
      component: 'images',
      schema,
      file,
      env: {
        BERTH_IMAGES_MAX_CONCURRENT_DOWNLOADS: '7',
        BERTH_IMAGES_MIRRORS: 'a.example, b.example',
        BERTH_IMAGES_DEBUG: 'yes',
      },
      flags: { maxConcurrentDownloads: 9, gcRatio: '0.75', socket: undefined },
    });
    expect(values).toMatchObject({
      socket: '/tmp/file.sock',
      logLevel: 'warn',
      maxConcurrentDownloads: 9,
      gcRatio: 0.75,
      debug: true,
      mirrors: ['a.example', 'b.example'],
    });
    expect(sources).toMatchObject({
      socket: 'file',
      maxConcurrentDownloads: 'flag',
      mirrors: 'env',
      gcRatio: 'flag',
    });
  });

  it('rejects unknown keys in the file by name, suggesting a close one', async () => {
    const file = writeConfig({ sockt: '/x' });
    const loading = loadConfig({ component: 'images', schema, file, env: {} });
    await expect(loading).rejects.toThrow(InvalidArgumentError);
    await expect(loadConfig({ component: 'images', schema, file, env: {} })).rejects.toThrow(
      `config ${file}: unknown key "sockt" (did you mean "socket"?)`,
    );
  });

  it('rejects wrong types, naming the file, variable or flag', async () => {
    const file = writeConfig({ maxConcurrentDownloads: '5' });
    await expect(loadConfig({ component: 'images', schema, file, env: {} })).rejects.toThrow(
      `config ${file}: key "maxConcurrentDownloads": must be an integer, got "5"`,
    );
    await expect(
      loadConfig({ component: 'images', schema, env: { BERTH_IMAGES_MAX_CONCURRENT_DOWNLOADS: '2.5' } }),
    ).rejects.toThrow('environment BERTH_IMAGES_MAX_CONCURRENT_DOWNLOADS: must be an integer, got "2.5"');
    await expect(
      loadConfig({ component: 'images', schema, env: {}, flags: { logLevel: 'loud' } }),
    ).rejects.toThrow('flag --log-level: must be one of debug, info, warn, got "loud"');
    await expect(loadConfig({ component: 'images', schema, env: {}, flags: { debug: 3 } })).rejects.toThrow(
      'flag --debug: must be a boolean, got number',
    );
  });

  it('names the file when it is not a JSON object or not JSON at all', async () => {
    const array = writeConfig([1]);
    await expect(loadConfig({ component: 'images', schema, file: array, env: {} })).rejects.toThrow(
      `config ${array}: must be a JSON object`,
    );
    const broken = writeConfig('{"socket": ');
    await expect(loadConfig({ component: 'images', schema, file: broken, env: {} })).rejects.toThrow(
      `config ${broken}: invalid JSON`,
    );
  });

  it('requires a file the user named, but not the default one', async () => {
    const missing = join(dir, 'missing.json');
    await expect(loadConfig({ component: 'images', schema, file: missing, env: {} })).rejects.toThrow(
      NotFoundError,
    );
    await expect(loadConfig({ component: 'images', schema, file: missing, env: {} })).rejects.toThrow(
      `config ${missing} does not exist`,
    );
  });

  it('does not share mutable defaults between loads', async () => {
    const first = await loadConfig({ component: 'images', schema, env: {} });
    first.values.mirrors.push('x');
    const second = await loadConfig({ component: 'images', schema, env: {} });
    expect(second.values.mirrors).toEqual([]);
  });
});

describe('config names', () => {
  it('derives environment variables and flags from keys', () => {
    expect(configEnvName('registry-client', 'maxConcurrentDownloads')).toBe(
      'BERTH_REGISTRY_CLIENT_MAX_CONCURRENT_DOWNLOADS',
    );
    expect(configFlagName('logLevel')).toBe('--log-level');
    expect(describeConfig('images', schema)).toContain(
      '--log-level <string>  log level (one of debug, info, warn)',
    );
    expect(describeConfig('images', schema)).toContain(
      'default 3; env BERTH_IMAGES_MAX_CONCURRENT_DOWNLOADS',
    );
  });
});
