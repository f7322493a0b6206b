import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { busyboxLayout, startRegistry, type BusyboxLayout, type RunningRegistry } from '@berth/fixtures';
import { bundleCli, run, type CliResult } from './cli';
import { useTempDirs } from './helpers';

const USER = { user: 'operator', password: 'pw-from-stdin' };

describe('berth-registry CLI and interop with skopeo and umoci', () => {
  let registry: RunningRegistry;
  let busybox: BusyboxLayout;
  let cli: (args: string[], stdin?: string) => Promise<CliResult>;
  let cliDir: string;
  const tempDir = useTempDirs();

  beforeAll(async () => {
    busybox = await busyboxLayout();
    registry = await startRegistry();
    cliDir = await mkdtemp(join(tmpdir(), 'berth-registry-cli-'));
    const runner = await bundleCli(cliDir);
    cli = (args, stdin) => runner(['--docker-config', join(cliDir, 'docker-config.json'), ...args], stdin);
  });
  afterAll(async () => {
    await registry?.stop();
    if (cliDir) await rm(cliDir, { recursive: true, force: true });
  });

  const ok = (result: CliResult): CliResult => {
    if (result.status !== 0) throw new Error(`exit ${result.status}: ${result.stderr}`);
    return result;
  };

  it('pushes with berth, and what it pulls is read by skopeo and unpacked by umoci', async () => {
    const ref = `${registry.host}/interop/busybox:1`;
    const pushed = ok(await cli(['push', '--json', `${busybox.dir}:busybox`, ref]));
    expect(JSON.parse(pushed.stdout).digest).toBe(busybox.manifestDigest);

    const dir = await tempDir();
    ok(await cli(['pull', '-q', ref, `${dir}/layout`]));
    const inspected = ok(await run('skopeo', ['inspect', `oci:${dir}/layout:1`]));
    expect(JSON.parse(inspected.stdout).Digest).toBe(busybox.manifestDigest);
    ok(await run('umoci', ['unpack', '--image', `${dir}/layout:1`, `${dir}/bundle`]));
    expect((await stat(join(dir, 'bundle', 'rootfs', 'bin', 'busybox'))).isFile()).toBe(true);
  });

  it('pulls what skopeo pushed, and skopeo copies what berth pushed', async () => {
    ok(
      await run('skopeo', [
        'copy',
        '--dest-tls-verify=false',
        `oci:${busybox.dir}:busybox`,
        `docker://${registry.host}/interop/by-skopeo:1`,
      ]),
    );
    const dir = await tempDir();
    const pulled = ok(
      await cli(['pull', '--json', `${registry.host}/interop/by-skopeo:1`, `${dir}/layout:mine`]),
    );
    expect(JSON.parse(pulled.stdout).digest).toBe(busybox.manifestDigest);
    const index = JSON.parse(await readFile(join(dir, 'layout', 'index.json'), 'utf8'));
    expect(index.manifests[0].annotations['org.opencontainers.image.ref.name']).toBe('mine');

    ok(await cli(['push', '-q', `${dir}/layout:mine`, `${registry.host}/interop/by-berth:2`]));
    ok(
      await run('skopeo', [
        'copy',
        '--src-tls-verify=false',
        `docker://${registry.host}/interop/by-berth:2`,
        `oci:${dir}/back:2`,
      ]),
    );
    const back = ok(await run('skopeo', ['inspect', `oci:${dir}/back:2`]));
    expect(JSON.parse(back.stdout).Layers).toEqual([busybox.layerDigest]);
  });

  it('prints digests, manifests, configs, tags and the catalog', async () => {
    ok(await cli(['push', '-q', busybox.dir, `${registry.host}/interop/show:a`]));
    expect(ok(await cli(['digest', `${registry.host}/interop/show:a`])).stdout.trim()).toBe(
      busybox.manifestDigest,
    );
    const manifest = JSON.parse(ok(await cli(['manifest', `${registry.host}/interop/show:a`])).stdout);
    expect(manifest.config.digest).toBe(busybox.configDigest);
    const config = JSON.parse(ok(await cli(['config', `${registry.host}/interop/show:a`])).stdout);
    expect(config.os).toBe('linux');
    expect(JSON.parse(ok(await cli(['tags', '--json', `${registry.host}/interop/show`])).stdout)).toEqual([
      'a',
    ]);
    expect(ok(await cli(['catalog', registry.host])).stdout.split('\n')).toContain('interop/show');
    ok(await cli(['delete', `${registry.host}/interop/show:a`]));
  });

  it('fails with one line naming what failed and exits non-zero', async () => {
    const missing = await cli(['pull', `${registry.host}/interop/missing:1`, join(await tempDir(), 'x')]);
    expect(missing.status).toBe(1);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
    expect(missing.stderr).toMatch(/^berth-registry: pull failed: .*(MANIFEST_UNKNOWN|NAME_UNKNOWN)/);
    const usage = await cli(['pull']);
    expect(usage.status).toBe(2);
    const badPlatform = await cli([
      '--platform',
      'linux/arm/v7/x',
      'digest',
      `${registry.host}/interop/missing:1`,
    ]);
    expect(badPlatform.status).toBe(2);
    expect(badPlatform.stderr).toMatch(
      /^berth-registry: digest failed: invalid platform "linux\/arm\/v7\/x"/,
    );
  });
});

describe('berth-registry login and logout', () => {
  let registry: RunningRegistry;
  let busybox: BusyboxLayout;
  const tempDir = useTempDirs();

  beforeAll(async () => {
    busybox = await busyboxLayout();
    registry = await startRegistry({ htpasswd: USER });
  });
  afterAll(async () => {
    await registry?.stop();
  });

  it('checks credentials from stdin, saves them to config.json and removes them again', async () => {
    const dir = await tempDir();
    const runner = await bundleCli(dir);
    const configPath = join(dir, 'config.json');
    const cli = (args: string[], stdin?: string): Promise<CliResult> =>
      runner(['--docker-config', configPath, ...args], stdin);

    const refused = await cli(
      ['login', '--username', USER.user, '--password-stdin', registry.host],
      'wrong\n',
    );
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/^berth-registry: login failed: .*UNAUTHORIZED/);

    const login = await cli(
      ['login', '--username', USER.user, '--password-stdin', registry.host],
      `${USER.password}\n`,
    );
    expect(login).toMatchObject({ status: 0, stdout: 'Login Succeeded\n' });
    const config = JSON.parse(await readFile(configPath, 'utf8'));
    expect(Buffer.from(config.auths[registry.host].auth, 'base64').toString()).toBe(
      `${USER.user}:${USER.password}`,
    );

    expect((await cli(['push', '-q', busybox.dir, `${registry.host}/auth/busybox:1`])).status).toBe(0);
    expect((await cli(['logout', registry.host])).stdout).toBe(
      `Removed login credentials for ${registry.host}\n`,
    );
    const after = await cli(['digest', `${registry.host}/auth/busybox:1`]);
    expect(after.status).toBe(1);
  });
});
