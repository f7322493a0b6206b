import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { engine } from '@berth/api';
import { berth, startEngineDouble, type EngineDouble } from './engine-double';

const lines = (text: string) => text.split('\n').filter(Boolean);

describe('bash completion', () => {
  let double: EngineDouble;
  beforeAll(async () => {
    double = await startEngineDouble({
      containers: {
        listContainers: (_call, callback) =>
          callback(null, {
            containers: [engine.v1.ContainerSummary.fromPartial({ id: 'a', names: ['/web'] })],
          }),
      },
      networks: {
        listNetworks: (_call, callback) =>
          callback(null, { networks: [engine.v1.NetworkSummary.fromPartial({ name: 'backend' })] }),
      },
    });
  });
  afterAll(() => double.close());

  const complete = async (...words: string[]) =>
    lines((await berth(double.socket, ['__complete', ...words])).stdout);

  it("offers commands, group subcommands and each command's own flags", async () => {
    const top = await complete('');
    expect(top).toEqual(expect.arrayContaining(['run', 'ps', 'images', 'network', 'volume', 'completion']));
    expect(top).not.toContain('__complete');
    expect(await complete('network', '')).toEqual([
      'create',
      'ls',
      'list',
      'inspect',
      'rm',
      'remove',
      'connect',
      'disconnect',
      'prune',
    ]);
    expect(await complete('run', '--')).toEqual(
      expect.arrayContaining(['--publish', '-p', '--network-alias', '--rm', '--help']),
    );
  });

  it('offers engine object names where the usage says CONTAINER or NETWORK', async () => {
    expect(await complete('stop', '')).toEqual(['web']);
    expect(await complete('stop', '-t', '3', 'web', '')).toEqual(['web']);
    expect(await complete('network', 'connect', '')).toEqual(['backend']);
    expect(await complete('network', 'connect', 'backend', '')).toEqual(['web']);
    expect(await complete('run', '--network', '')).toEqual(['backend']);
    expect(await complete('run', '-d', 'busybox', '')).toEqual(['__files__']);
  });

  it('prints the script with `berth completion bash`, and the script completes through berth', async () => {
    const script = (await berth(double.socket, ['completion', 'bash'])).stdout;
    expect(script).toContain('complete -o default -F _berth berth');
    const bundle = join(__dirname, '..', 'dist', 'berth.js');
    if (!existsSync(bundle)) return; // the bundle is built by the build target, which test depends on
    const dir = mkdtempSync(join(tmpdir(), 'berth-cli-completion-'));
    try {
      writeFileSync(join(dir, 'berth'), `#!/bin/sh\nexec ${process.execPath} ${bundle} "$@"\n`, {
        mode: 0o755,
      });
      // Asynchronously: the engine double answers from this very process.
      const { stdout: reply } = await promisify(execFile)(
        'bash',
        [
          '-c',
          `source ${join(__dirname, '..', 'completion', 'berth.bash')}; COMP_WORDS=(berth stop w); COMP_CWORD=2; _berth; printf '%s\\n' "\${COMPREPLY[@]}"`,
        ],
        { env: { PATH: `${dir}:/usr/bin:/bin`, BERTH_HOST: `unix://${double.socket}` }, encoding: 'utf8' },
      );
      expect(lines(reply)).toEqual(['web']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
