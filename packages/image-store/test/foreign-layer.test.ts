import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { startRegistry, type RunningRegistry } from '@berth/fixtures';
import { NotFoundError, RegistryClient } from '@berth/registry-client';

import { ImageStore } from '../src';
import { writeImageLayout } from './support/image-layout';
import { gzip, tarOf } from './support/layers';
import { sha256 } from './support/unpack';

// A foreign (non-distributable) layer: the registry holds only the manifest naming it, the
// bytes come from the layer's URL, an HTTP server on 127.0.0.1 this test starts.

describe('pull of an image with a foreign layer', () => {
  let work: string;
  let registry: RunningRegistry;
  let server: Server;
  let gets = 0;
  let store: ImageStore | undefined;

  const tar = tarOf([{ name: 'hello.txt', content: 'served from a URL\n' }]);
  const blob = gzip(tar);

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'berth-images-foreign-'));
    // distribution refuses manifests naming URLs unless its validation allows them.
    registry = await startRegistry({ allowManifestUrls: ['^http://127\\.0\\.0\\.1:'] });
    server = createServer((req, res) => {
      if (req.url !== '/layer') return void res.writeHead(404).end();
      gets++;
      res.writeHead(200, { 'Content-Length': blob.length }).end(blob);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });

  afterAll(async () => {
    await store?.close();
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
    await registry?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it('fetches the layer from its URL, verified, and unpacks it', async () => {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/layer`;
    const layout = join(work, 'layout');
    writeImageLayout(
      layout,
      [
        {
          blob,
          mediaType: 'application/vnd.oci.image.layer.nondistributable.v1.tar+gzip',
          diffId: sha256(tar),
          urls: [url],
        },
      ],
      'foreign',
    );
    const reference = `${registry.host}/foreign/image:1`;
    const client = new RegistryClient({ dockerConfig: false });
    try {
      await client.push(layout, reference);
      await expect(client.openBlob(reference, sha256(blob))).rejects.toBeInstanceOf(NotFoundError);
    } finally {
      await client.close();
    }

    ({ store } = await ImageStore.open({ root: join(work, 'root'), registry: { dockerConfig: false } }));
    const details = await store.pull(reference);
    expect(gets).toBe(1);
    expect(await store.content.has(sha256(blob))).toBe(true);
    const [layerDir] = store.snapshots.chainDirs(details.chainId);
    expect(readFileSync(join(layerDir!, 'hello.txt'), 'utf8')).toBe('served from a URL\n');
    expect(details.layers).toEqual([expect.objectContaining({ digest: sha256(blob), diffId: sha256(tar) })]);
  });
});
