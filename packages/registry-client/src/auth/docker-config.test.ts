import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  dockerConfigCredentials,
  eraseDockerCredentials,
  serverKey,
  storeDockerCredentials,
} from './docker-config';

describe('docker config.json credentials', () => {
  let dir: string;
  let savedPath: string | undefined;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'berth-docker-config-'));
    savedPath = process.env.PATH;
  });
  afterEach(async () => {
    process.env.PATH = savedPath;
    await rm(dir, { recursive: true, force: true });
  });

  it('stores, reads and erases inline auths', async () => {
    const path = join(dir, 'config.json');
    await writeFile(path, JSON.stringify({ psFormat: 'table' }));
    await storeDockerCredentials('reg.test:5000', { username: 'u', password: 'p:w' }, path);
    await storeDockerCredentials('docker.io', { username: 'hub', password: 'x' }, path);
    const saved = JSON.parse(await readFile(path, 'utf8'));
    expect(saved.psFormat).toBe('table');
    expect(Object.keys(saved.auths).sort()).toEqual(['https://index.docker.io/v1/', 'reg.test:5000']);
    const lookup = dockerConfigCredentials(path);
    expect(await lookup('reg.test:5000')).toEqual({ username: 'u', password: 'p:w' });
    expect(await lookup('docker.io')).toEqual({ username: 'hub', password: 'x' });
    expect(await lookup('other.test')).toBeUndefined();
    expect(await eraseDockerCredentials('reg.test:5000', path)).toBe(true);
    expect(await lookup('reg.test:5000')).toBeUndefined();
    expect(await eraseDockerCredentials('reg.test:5000', path)).toBe(false);
  });

  it('asks the credential helper configured for the host', async () => {
    // A real helper program speaking docker's protocol, backed by a file.
    const store = join(dir, 'store');
    const helper = join(dir, 'docker-credential-berthtest');
    await writeFile(
      helper,
      `#!/bin/sh\nset -e\nread -r input || true\ncase "$1" in\n  get) if [ -f "${store}" ]; then cat "${store}"; else echo "credentials not found in native keychain"; exit 1; fi ;;\n  store) echo "$input" > "${store}" ;;\n  erase) rm -f "${store}" ;;\nesac\n`,
    );
    await chmod(helper, 0o755);
    process.env.PATH = `${dir}:${savedPath}`;
    const path = join(dir, 'config.json');
    await writeFile(path, JSON.stringify({ credHelpers: { 'reg.test': 'berthtest' } }));
    const lookup = dockerConfigCredentials(path);
    expect(await lookup('reg.test')).toBeUndefined();
    await storeDockerCredentials('reg.test', { username: 'h', password: 'secret' }, path);
    expect(JSON.parse(await readFile(store, 'utf8'))).toEqual({
      ServerURL: 'reg.test',
      Username: 'h',
      Secret: 'secret',
    });
    expect(await lookup('reg.test')).toEqual({ username: 'h', password: 'secret' });
    await eraseDockerCredentials('reg.test', path);
    expect(await lookup('reg.test')).toBeUndefined();
    expect(JSON.parse(await readFile(path, 'utf8')).auths).toBeUndefined();
  });

  it('uses the Docker Hub key for docker.io', () => {
    expect(serverKey('docker.io')).toBe('https://index.docker.io/v1/');
    expect(serverKey('localhost:5000')).toBe('localhost:5000');
  });
});
