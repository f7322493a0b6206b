// Shared set-up of the builder's integration tests: a temp directory with a DirectoryBackend on
// the busybox fixture image, a cache, and helpers to write contexts and read built layers.

import { createReadStream } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createGunzip } from 'node:zlib';
import * as tar from 'tar-stream';
import { busyboxLayout } from '@berth/fixtures';
import {
  BuildCache,
  Builder,
  DirectoryBackend,
  extractContext,
  loadDockerignore,
  packContext,
  type BuildEvent,
  type BuildRequest,
} from '../src';

export interface Harness {
  dir: string;
  backend: DirectoryBackend;
  builder: Builder;
  events: BuildEvent[];
  /** Writes files into a fresh context directory and returns it. */
  context(files: Record<string, string | Buffer>): Promise<string>;
  /** Sends the context through tar like the CLI and the engine would, then builds. */
  build(contextDir: string, request: Omit<BuildRequest, 'contextDir'>): ReturnType<Builder['build']>;
  layerEntries(
    digest: string,
  ): Promise<Map<string, { type: string; uid: number; gid: number; mode: number; body: string }>>;
  activeLeftovers(): Promise<string[]>;
  cleanup(): Promise<void>;
}

export async function harness(): Promise<Harness> {
  const dir = await mkdtemp(join(tmpdir(), 'berth-builder-it-'));
  const busybox = await busyboxLayout();
  const backend = new DirectoryBackend({ root: join(dir, 'state'), baseLayouts: [busybox.dir] });
  await backend.init();
  const builder = new Builder({ backend, cache: new BuildCache(join(dir, 'state', 'cache')), tempDir: dir });
  const events: BuildEvent[] = [];
  let contexts = 0;
  return {
    dir,
    backend,
    builder,
    events,
    async context(files) {
      const root = join(dir, `context-${contexts++}`);
      await mkdir(root);
      for (const [path, content] of Object.entries(files)) {
        await mkdir(dirname(join(root, path)), { recursive: true });
        await writeFile(join(root, path), content);
      }
      return root;
    },
    async build(contextDir, request) {
      const received = await mkdtemp(join(dir, 'received-'));
      try {
        await extractContext(packContext(contextDir, await loadDockerignore(contextDir)), received);
        return await builder.build({ ...request, contextDir: received }, (event) => events.push(event));
      } finally {
        await rm(received, { recursive: true, force: true });
      }
    },
    async layerEntries(digest) {
      const extract = tar.extract();
      createReadStream(backend.layout.blobPath(digest)).pipe(createGunzip()).pipe(extract);
      const entries = new Map<
        string,
        { type: string; uid: number; gid: number; mode: number; body: string }
      >();
      for await (const entry of extract) {
        const chunks: Buffer[] = [];
        for await (const chunk of entry) chunks.push(chunk as Buffer);
        const { header } = entry;
        entries.set(header.name.replace(/\/$/, ''), {
          type: header.type as string,
          uid: header.uid ?? 0,
          gid: header.gid ?? 0,
          mode: header.mode ?? 0,
          body: Buffer.concat(chunks).toString(),
        });
      }
      return entries;
    },
    async activeLeftovers() {
      return readdir(join(dir, 'state', 'active'));
    },
    async cleanup() {
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export async function readJson<T>(path: string): Promise<T> {
  return JSON.parse(await readFile(path, 'utf8')) as T;
}
