// Builds the benchmark image: a Debian bookworm rootfs from debootstrap, split into three gzip
// layers (base, /usr/lib, /usr/share), written as an OCI image layout named `debian`.
// Cached under $BERTH_BENCH_CACHE (default <repo>/.cache/bench); built once, reused after.
const { spawn, execFileSync } = require('node:child_process');
const { createHash } = require('node:crypto');
const { createWriteStream } = require('node:fs');
const { mkdir, rename, rm, stat, writeFile, access } = require('node:fs/promises');
const { join } = require('node:path');
const { pipeline } = require('node:stream/promises');
const { Transform } = require('node:stream');
const { createGzip } = require('node:zlib');

const REPO_ROOT = join(__dirname, '..', '..', '..');
const SUITE = 'bookworm';
const MIRROR = 'http://deb.debian.org/debian';
// On top of minbase, like a typical application base image: about 80 MB of compressed layers.
const EXTRA_PACKAGES = ['python3', 'perl', 'openssl', 'ca-certificates'];
// Changing the package list or the layering gives new cache entries instead of stale ones.
const BUILD_KEY = createHash('sha256')
  .update(JSON.stringify([SUITE, EXTRA_PACKAGES, 2]))
  .digest('hex')
  .slice(0, 12);
const LAYERS = [
  { name: 'base', args: ['--exclude=./usr/lib', '--exclude=./usr/share', '.'] },
  { name: 'usr-lib', args: ['./usr/lib'] },
  { name: 'usr-share', args: ['./usr/share'] },
];

function cacheDir() {
  return process.env.BERTH_BENCH_CACHE || join(REPO_ROOT, '.cache', 'bench');
}

async function exists(path) {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

async function buildRootfs(target) {
  if (await exists(target)) return target;
  const staging = `${target}.staging-${process.pid}`;
  await rm(staging, { recursive: true, force: true });
  process.stderr.write(`debootstrap ${SUITE} into ${staging} (takes a few minutes)\n`);
  execFileSync(
    'debootstrap',
    ['--variant=minbase', `--include=${EXTRA_PACKAGES.join(',')}`, SUITE, staging, MIRROR],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  // What apt leaves behind is no part of an image (docker's debian images remove it too).
  for (const dir of ['var/cache/apt/archives', 'var/lib/apt/lists']) {
    execFileSync('find', [join(staging, dir), '-mindepth', '1', '-type', 'f', '-delete']);
  }
  await rename(staging, target);
  return target;
}

/** Hashes and counts what flows through. */
function hasher() {
  const hash = createHash('sha256');
  let size = 0;
  const stream = new Transform({
    transform(chunk, _encoding, callback) {
      hash.update(chunk);
      size += chunk.length;
      callback(null, chunk);
    },
  });
  return { stream, result: () => ({ digest: `sha256:${hash.digest('hex')}`, size }) };
}

async function writeLayer(rootfs, blobsDir, layer) {
  const temp = join(blobsDir, `.layer-${layer.name}`);
  const tar = spawn(
    'tar',
    ['--numeric-owner', '--sort=name', '--mtime=@0', '--xattrs', '-C', rootfs, '-cf', '-', ...layer.args],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const tarExit = new Promise((resolve, reject) =>
    tar.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`tar exited ${code} for ${layer.name}`)),
    ),
  );
  const raw = hasher();
  const gz = hasher();
  await pipeline(tar.stdout, raw.stream, createGzip(), gz.stream, createWriteStream(temp));
  await tarExit;
  const blob = gz.result();
  await rename(temp, join(blobsDir, blob.digest.slice('sha256:'.length)));
  return { ...blob, diffId: raw.result().digest };
}

async function writeJsonBlob(blobsDir, value) {
  const bytes = Buffer.from(JSON.stringify(value));
  const digest = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
  await writeFile(join(blobsDir, digest.slice('sha256:'.length)), bytes);
  return { digest, size: bytes.length };
}

/** Returns { dir, ref, manifestDigest, compressedBytes, layers } of the cached benchmark image. */
async function benchImage() {
  const base = cacheDir();
  await mkdir(base, { recursive: true });
  const layoutDir = join(base, `debian-image-${BUILD_KEY}`);
  const summaryPath = join(layoutDir, 'summary.json');
  if (await exists(summaryPath)) return JSON.parse(require('node:fs').readFileSync(summaryPath, 'utf8'));
  const rootfs = await buildRootfs(join(base, `debian-rootfs-${BUILD_KEY}`));
  const staging = `${layoutDir}.staging-${process.pid}`;
  await rm(staging, { recursive: true, force: true });
  const blobsDir = join(staging, 'blobs', 'sha256');
  await mkdir(blobsDir, { recursive: true });
  const layers = [];
  for (const layer of LAYERS) layers.push(await writeLayer(rootfs, blobsDir, layer));
  const arch = { x64: 'amd64', arm64: 'arm64' }[process.arch] || process.arch;
  const config = await writeJsonBlob(blobsDir, {
    architecture: arch,
    os: 'linux',
    config: { Env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'], Cmd: ['bash'] },
    rootfs: { type: 'layers', diff_ids: layers.map((l) => l.diffId) },
    history: LAYERS.map((l) => ({ created_by: `berth bench: ${l.name}` })),
  });
  const manifest = await writeJsonBlob(blobsDir, {
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', ...config },
    layers: layers.map((l) => ({
      mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip',
      digest: l.digest,
      size: l.size,
    })),
  });
  await writeFile(join(staging, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
  await writeFile(
    join(staging, 'index.json'),
    JSON.stringify({
      schemaVersion: 2,
      manifests: [
        {
          mediaType: 'application/vnd.oci.image.manifest.v1+json',
          ...manifest,
          annotations: { 'org.opencontainers.image.ref.name': 'debian' },
        },
      ],
    }),
  );
  const summary = {
    dir: layoutDir,
    ref: 'debian',
    manifestDigest: manifest.digest,
    compressedBytes: layers.reduce((sum, l) => sum + l.size, 0) + config.size,
    layers: layers.map((l) => l.size),
  };
  await writeFile(join(staging, 'summary.json'), JSON.stringify(summary));
  await rename(staging, layoutDir);
  await stat(layoutDir);
  return summary;
}

module.exports = { benchImage };

if (require.main === module) {
  benchImage().then(
    (summary) => process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`),
    (error) => {
      process.stderr.write(`build-image failed: ${error.message}\n`);
      process.exitCode = 1;
    },
  );
}
