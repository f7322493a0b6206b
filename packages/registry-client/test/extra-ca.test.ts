import { startRegistry, type RunningRegistry } from '@berth/fixtures';

import type * as HttpTransportModule from '../src/transport/http-transport';

// What the berth-registry launcher hands over in place of NODE_EXTRA_CA_CERTS is trusted for TLS.
describe('BERTH_EXTRA_CA_CERTS', () => {
  let registry: RunningRegistry;
  const saved = process.env.BERTH_EXTRA_CA_CERTS;
  beforeAll(async () => {
    registry = await startRegistry({ tls: true });
  });
  afterAll(async () => {
    if (saved === undefined) delete process.env.BERTH_EXTRA_CA_CERTS;
    else process.env.BERTH_EXTRA_CA_CERTS = saved;
    await registry?.stop();
  });

  // A fresh module registry per case: the certificates are read once per process.
  const ping = async (): Promise<number> => {
    let module!: typeof HttpTransportModule;
    jest.isolateModules(() => {
      module = require('../src/transport/http-transport') as typeof HttpTransportModule;
    });
    const transport = new module.HttpTransport(
      { verify: true },
      { idleTimeoutMs: 10_000, userAgent: 'test' },
    );
    try {
      const response = await transport.send({ method: 'GET', url: new URL(`https://${registry.host}/v2/`) });
      response.body.resume();
      return response.status;
    } finally {
      transport.close();
    }
  };

  it('verifies a registry signed by a CA from that file, and refuses it without', async () => {
    delete process.env.BERTH_EXTRA_CA_CERTS;
    await expect(ping()).rejects.toMatchObject({ reason: 'TLS_FAILED' });
    process.env.BERTH_EXTRA_CA_CERTS = registry.caCertPath;
    await expect(ping()).resolves.toBe(200);
  });
});
