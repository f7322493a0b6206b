// Reads an OCI image layout written by umoci, and its Docker schema 2 copy written by skopeo,
// with the image-spec parsers, media type helpers and the verifying stream.
import { execFileSync } from 'node:child_process';
import { createReadStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  detectManifestKind,
  IMAGE_LAYOUT_FILE,
  IMAGE_LAYOUT_INDEX_FILE,
  layerCompression,
  layoutBlobPath,
  MediaTypes,
  parseImageConfig,
  parseImageLayout,
  parseIndex,
  parseManifest,
  parseManifestDocument,
  verifyStream,
  type Descriptor,
} from '@berth/oci';
import { installed } from './installed';

const readJson = (path: string): unknown => JSON.parse(readFileSync(path, 'utf8'));

async function drain(path: string, expected: Descriptor): Promise<void> {
  const sink = new Writable({ write: (_chunk, _encoding, callback) => callback() });
  await pipeline(createReadStream(path), verifyStream(expected), sink);
}

(installed('umoci') ? describe : describe.skip)('an OCI layout written by umoci', () => {
  let dir: string;
  let layout: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'berth-oci-image-'));
    layout = join(dir, 'layout');
    const umoci = (...args: string[]) => execFileSync('umoci', args, { cwd: dir, stdio: 'ignore' });
    umoci('init', '--layout', layout);
    umoci('new', '--image', `${layout}:v1`);
    umoci(
      'config',
      '--image',
      `${layout}:v1`,
      '--config.env',
      'A=b',
      '--config.exposedports',
      '80/tcp',
      '--config.workingdir',
      '/srv',
    );
    writeFileSync(join(dir, 'file'), 'hello\n');
    umoci('insert', '--image', `${layout}:v1`, join(dir, 'file'), '/etc/file');
  });

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('parses oci-layout, index, manifest and config, and verifies every blob', async () => {
    expect(parseImageLayout(readJson(join(layout, IMAGE_LAYOUT_FILE))).imageLayoutVersion).toBe('1.0.0');
    const index = parseIndex(readJson(join(layout, IMAGE_LAYOUT_INDEX_FILE)));
    const [entry] = index.manifests;
    expect(entry?.annotations?.['org.opencontainers.image.ref.name']).toBe('v1');

    const manifestJson = readJson(join(layout, layoutBlobPath(entry!.digest)));
    expect(detectManifestKind(entry!.mediaType, manifestJson)).toBe('oci-manifest');
    const manifest = parseManifest(manifestJson);
    expect(manifest.layers).toHaveLength(1);
    expect(layerCompression(manifest.layers[0]!.mediaType)).toBe('gzip');

    const config = parseImageConfig(readJson(join(layout, layoutBlobPath(manifest.config.digest))));
    expect(config.config?.Env).toContain('A=b');
    expect(config.config?.ExposedPorts).toEqual({ '80/tcp': {} });
    expect(config.rootfs.diff_ids).toHaveLength(1);

    for (const descriptor of [entry!, manifest.config, ...manifest.layers]) {
      await drain(join(layout, layoutBlobPath(descriptor.digest)), descriptor);
    }
  });

  it('fails verification of a blob against the wrong descriptor', async () => {
    const index = parseIndex(readJson(join(layout, IMAGE_LAYOUT_INDEX_FILE)));
    const entry = index.manifests[0]!;
    await expect(
      drain(join(layout, layoutBlobPath(entry.digest)), { ...entry, size: entry.size - 1 }),
    ).rejects.toMatchObject({
      reason: 'SIZE_MISMATCH',
    });
  });

  (installed('skopeo') ? it : it.skip)('parses the Docker schema 2 manifest skopeo converts it to', () => {
    const copy = join(dir, 'docker');
    execFileSync('skopeo', ['copy', '--format', 'v2s2', `oci:${layout}:v1`, `dir:${copy}`], {
      stdio: 'ignore',
    });
    const json = readJson(join(copy, 'manifest.json'));
    const document = parseManifestDocument(undefined, json);
    expect(document.kind).toBe('docker-manifest');
    if (document.kind !== 'docker-manifest') return;
    expect(document.manifest.config.mediaType).toBe(MediaTypes.DockerConfig);
    expect(document.manifest.layers[0]?.mediaType).toBe(MediaTypes.DockerLayerGzip);
    const config = parseImageConfig(
      readJson(join(copy, document.manifest.config.digest.slice('sha256:'.length))),
    );
    expect(config.config?.WorkingDir).toBe('/srv');
  });
});
