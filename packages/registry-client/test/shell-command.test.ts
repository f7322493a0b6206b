import { join } from 'node:path';

import { run } from './cli';
import { useTempDirs } from './helpers';

const { bundle } = require('../scripts/bundle.js') as { bundle: (outfile: string) => Promise<string> };

describe('the bundle shell command', () => {
  const tempDir = useTempDirs();

  it('runs the CLI and keeps NODE_EXTRA_CA_CERTS away from Node start-up', async () => {
    const dir = await tempDir();
    const launcher = await bundle(join(dir, 'berth-registry.js'));
    // Node reads NODE_EXTRA_CA_CERTS at start-up and warns when the file is missing; the shell
    // command hands it to the client instead, which reads it only for a TLS connection.
    const env = { NODE_EXTRA_CA_CERTS: join(dir, 'missing.pem') };
    const direct = await run(process.execPath, [launcher, '--version'], undefined, env);
    expect(direct.stderr).toMatch(/Ignoring extra certs/);
    const command = await run(join(dir, 'berth-registry'), ['--version'], undefined, env);
    expect(command).toEqual({ status: 0, stdout: direct.stdout, stderr: '' });
  });
});
