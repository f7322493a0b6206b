// Berth's main job, end to end, on this machine: the busybox fixture image is pushed to a
// local registry (there is no internet), the daemons start in a private directory, and
// `berth run -d -p 8080:80` serves a page through the whole stack (image pull and unpack,
// overlay rootfs, network namespace with DNAT, shim, runtime). Then `berth ps` and
// `berth logs`, and everything is removed again, whatever failed.
const { execFileSync, spawn } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');

const root = path.join(__dirname, '..');
const pkg = (name, ...rest) => path.join(root, 'packages', name, ...rest);
const { busyboxLayout, startRegistry } = require(path.join(root, 'tools/fixtures/dist/index.js'));

const HOST_PORT = Number(process.env.BERTH_DEMO_PORT ?? 8080);
// busybox httpd in the foreground, logging each request, serving the container's /etc.
const WEB_COMMAND = ['httpd', '-f', '-v', '-p', '80', '-h', '/etc'];
const children = [];

function printVersions() {
  for (const name of fs.readdirSync(path.join(root, 'packages')).sort()) {
    const manifest = JSON.parse(fs.readFileSync(pkg(name, 'package.json'), 'utf8'));
    console.log(`${manifest.name.padEnd(24)} ${manifest.version.padEnd(8)} ${manifest.description}`);
  }
  const version = (bin) => execFileSync(process.execPath, [bin, '--version'], { encoding: 'utf8' }).trim();
  console.log(`\n${version(pkg('runtime', 'bin/berth-runtime'))}`);
  console.log(version(pkg('cli', 'bin/berth')));
}

function startDaemon(name, script, args, logDir) {
  const log = fs.openSync(path.join(logDir, `${name}.log`), 'a');
  const child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', log, log] });
  fs.closeSync(log);
  children.push(child);
  return child;
}

async function waitForSocket(socket, what) {
  for (let i = 0; i < 200; i++) {
    if (fs.existsSync(socket)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what} did not come up (no ${socket}); see its log beside it`);
}

function get(url) {
  return new Promise((resolve, reject) => {
    http
      .get(url, (res) => {
        let body = '';
        res.on('data', (d) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode, body }));
      })
      .on('error', reject);
  });
}

async function main() {
  printVersions();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-demo-'));
  const run = path.join(dir, 'run');
  fs.mkdirSync(run);
  const tag = Math.random().toString(16).slice(2, 6);
  let registry;
  const berth = (...args) =>
    execFileSync(process.execPath, [pkg('cli', 'bin/berth'), '-H', `unix://${run}/engine.sock`, ...args], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
  try {
    console.log('\n==> pushing the busybox fixture image to a local registry');
    const layout = await busyboxLayout();
    registry = await startRegistry();
    const image = `${registry.host}/demo/busybox:latest`;
    execFileSync(
      process.execPath,
      [pkg('registry-client', 'dist/cli/main.js'), 'push', `${layout.dir}:busybox`, image],
      {
        stdio: 'inherit',
      },
    );

    console.log(`==> starting berth-images, berth-network and berthd under ${dir}`);
    const common = (name) => ['--root', path.join(dir, name), '--run', run, '--log-level', 'warn'];
    startDaemon('images', pkg('image-store', 'dist/daemon/entry.js'), common('images'), dir);
    startDaemon(
      'network',
      pkg('network', 'bin/berth-network'),
      [
        ...common('network'),
        '--table',
        `berthdemo${tag}`,
        '--veth-prefix',
        `vd${tag}`,
        '--bridge-prefix',
        `bd${tag}-`,
        '--default-bridge',
        `berthdemo${tag}`,
        '--upstreams',
        '127.0.0.1:53',
      ],
      dir,
    );
    await waitForSocket(path.join(run, 'images.sock'), 'berth-images');
    await waitForSocket(path.join(run, 'network.sock'), 'berth-network');
    startDaemon(
      'engine',
      pkg('engine', 'dist/daemon/entry.js'),
      [...common('engine'), '--shim-binary', pkg('shim', 'bin/berth-shim'), '--init-binary', ''],
      dir,
    );
    await waitForSocket(path.join(run, 'engine.sock'), 'berthd');

    console.log(`==> berth run -d -p ${HOST_PORT}:80 --name web ${image} ${WEB_COMMAND.join(' ')}`);
    process.stdout.write(berth('run', '-d', '-p', `${HOST_PORT}:80`, '--name', 'web', image, ...WEB_COMMAND));
    let page;
    for (let i = 0; i < 50 && !page; i++) {
      page = await get(`http://127.0.0.1:${HOST_PORT}/hostname`).catch(() => undefined);
      if (!page) await new Promise((r) => setTimeout(r, 100));
    }
    if (!page) throw new Error(`nothing answered on 127.0.0.1:${HOST_PORT}`);
    console.log(`==> GET http://127.0.0.1:${HOST_PORT}/hostname -> ${page.status}: ${page.body.trim()}`);
    console.log('==> berth ps');
    process.stdout.write(berth('ps'));
    console.log('==> berth logs web');
    process.stdout.write(berth('logs', 'web'));
  } finally {
    console.log('==> cleaning up');
    try {
      berth('rm', '-f', 'web');
    } catch {
      // the container may not exist if an earlier step failed
    }
    for (const child of children.reverse()) {
      child.kill('SIGTERM');
      await new Promise((r) => (child.exitCode !== null ? r() : child.once('exit', r)));
    }
    // berth-network keeps its bridge and nftables table across restarts on purpose; the demo's
    // private ones go with it.
    for (const cmd of [
      ['nft', 'delete', 'table', 'ip', `berthdemo${tag}`],
      ['ip', 'link', 'delete', `berthdemo${tag}`],
    ]) {
      try {
        execFileSync(cmd[0], cmd.slice(1), { stdio: 'ignore' });
      } catch {
        // not created if the network daemon never started
      }
    }
    await registry?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(`demo: ${error.message}`);
  process.exitCode = 1;
});
