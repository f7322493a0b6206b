import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { digestOf, MediaTypes } from '@berth/oci';
import type { BusyboxLayout } from '@berth/fixtures';

/** A plain HTTP server on 127.0.0.1 serving one body at /layer (ignoring Range), counting GETs. */
export interface BlobServer {
  readonly url: string;
  readonly gets: () => number;
  /** What it serves from now on (to play a server that hands out wrong bytes). */
  serve(body: Buffer): void;
  close(): Promise<void>;
}

export async function startBlobServer(body: Buffer): Promise<BlobServer> {
  let current = body;
  let gets = 0;
  const server: Server = createServer((req, res) => {
    if (req.url !== '/layer') {
      res.writeHead(404).end();
      return;
    }
    gets++;
    res.writeHead(200, { 'Content-Length': current.byteLength }).end(current);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/layer`,
    gets: () => gets,
    serve: (next) => (current = next),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * The busybox fixture as an OCI layout whose layer is non-distributable, served from `url`
 * (what Windows base images do with Microsoft's servers). Returns the manifest digest.
 */
export async function buildForeignLayerLayout(
  busybox: BusyboxLayout,
  dir: string,
  url: string,
): Promise<string> {
  const hex = (digest: string): string => digest.slice('sha256:'.length);
  const blobs = join(dir, 'blobs', 'sha256');
  await mkdir(blobs, { recursive: true });
  await copyFile(
    join(busybox.dir, 'blobs', 'sha256', hex(busybox.configDigest)),
    join(blobs, hex(busybox.configDigest)),
  );
  await copyFile(
    join(busybox.dir, 'blobs', 'sha256', hex(busybox.layerDigest)),
    join(blobs, hex(busybox.layerDigest)),
  );
  const base = JSON.parse(
    await readFile(join(busybox.dir, 'blobs', 'sha256', hex(busybox.manifestDigest)), 'utf8'),
  );
  const manifest = Buffer.from(
    JSON.stringify({
      ...base,
      layers: base.layers.map((layer: Record<string, unknown>) => ({
        ...layer,
        mediaType: MediaTypes.OciLayerNonDistributableGzip,
        urls: [url],
      })),
    }),
  );
  const digest = digestOf(manifest);
  await writeFile(join(blobs, hex(digest)), manifest);
  await writeFile(join(dir, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
  await writeFile(
    join(dir, 'index.json'),
    JSON.stringify({
      schemaVersion: 2,
      manifests: [
        {
          mediaType: MediaTypes.OciManifest,
          digest,
          size: manifest.byteLength,
          annotations: { 'org.opencontainers.image.ref.name': 'foreign' },
        },
      ],
    }),
  );
  return digest;
}
