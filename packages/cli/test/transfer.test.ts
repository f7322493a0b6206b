import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { status as grpcStatus } from '@grpc/grpc-js';
import { engine } from '@berth/api';
import { berth, startEngineDouble, type EngineDouble } from './engine-double';

/** A real tar archive of `name` (a file with `content`) made by the system tar. */
function tarOf(dir: string, name: string, content: string): Buffer {
  const source = join(dir, 'source');
  mkdirSync(source, { recursive: true });
  writeFileSync(join(source, name), content);
  return execFileSync('tar', ['-c', '-C', source, '-f', '-', name]);
}

describe('archives: cp, export, save, load', () => {
  let double: EngineDouble | undefined;
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'berth-cli-archive-'));
  });
  afterEach(async () => {
    await double?.close();
    double = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  it('cp ctr:path extracts into a directory, or to a new name', async () => {
    const archive = tarOf(dir, 'hosts', '127.0.0.1 localhost\n');
    const requests: engine.v1.CopyFromContainerRequest[] = [];
    double = await startEngineDouble({
      containers: {
        copyFromContainer: (call) => {
          requests.push(call.request);
          call.write({
            content: { $case: 'stat', stat: engine.v1.PathStat.fromPartial({ name: 'hosts', size: 20 }) },
          });
          call.write({ content: { $case: 'data', data: archive.subarray(0, 100) } });
          call.write({ content: { $case: 'data', data: archive.subarray(100) } });
          call.end();
        },
      },
    });
    const into = join(dir, 'into');
    mkdirSync(into);
    expect((await berth(double.socket, ['cp', 'web:/etc/hosts', into])).code).toBe(0);
    expect(readFileSync(join(into, 'hosts'), 'utf8')).toBe('127.0.0.1 localhost\n');
    expect(requests[0]).toEqual({ id: 'web', path: '/etc/hosts' });
    expect((await berth(double.socket, ['cp', 'web:/etc/hosts', join(dir, 'renamed')])).code).toBe(0);
    expect(readFileSync(join(dir, 'renamed'), 'utf8')).toBe('127.0.0.1 localhost\n');
  });

  it('cp path ctr:dir sends the header then a tar the engine can read; ctr:new-name renames', async () => {
    writeFileSync(join(dir, 'app.conf'), 'port=80\n');
    let received: { header?: engine.v1.CopyToContainerHeader; data: Buffer[] } = { data: [] };
    double = await startEngineDouble({
      containers: {
        // The destination's stat: /etc is a directory (Go's ModeDir bit), nothing else exists.
        copyFromContainer: (call) => {
          if (call.request.path !== '/etc')
            return void call.emit('error', { code: grpcStatus.NOT_FOUND, details: 'no such path' });
          call.write({
            content: {
              $case: 'stat',
              stat: engine.v1.PathStat.fromPartial({ name: 'etc', mode: 0x800001ed }),
            },
          });
          call.end();
        },
        copyToContainer: (call, callback) => {
          call.on('data', (message: engine.v1.CopyToContainerRequest) => {
            if (message.content?.$case === 'header') received.header = message.content.header;
            if (message.content?.$case === 'data') received.data.push(message.content.data);
          });
          call.on('end', () => callback(null, {}));
        },
      },
    });
    expect((await berth(double.socket, ['cp', join(dir, 'app.conf'), 'web:/etc'])).code).toBe(0);
    expect(received.header).toEqual({ id: 'web', path: '/etc', noOverwriteDirNonDir: true });
    const out = join(dir, 'out');
    mkdirSync(out);
    execFileSync('tar', ['-x', '-C', out, '-f', '-'], { input: Buffer.concat(received.data) });
    expect(readFileSync(join(out, 'app.conf'), 'utf8')).toBe('port=80\n');

    // A destination that does not exist: into its parent, under its name, as docker cp does.
    received = { data: [] };
    expect((await berth(double.socket, ['cp', join(dir, 'app.conf'), 'web:/etc/new&name.conf'])).code).toBe(
      0,
    );
    expect(received.header).toEqual({ id: 'web', path: '/etc', noOverwriteDirNonDir: true });
    const renamed = join(dir, 'renamed-out');
    mkdirSync(renamed);
    execFileSync('tar', ['-x', '-C', renamed, '-f', '-'], { input: Buffer.concat(received.data) });
    expect(readFileSync(join(renamed, 'new&name.conf'), 'utf8')).toBe('port=80\n');
  });

  it('cp needs exactly one container side', async () => {
    double = await startEngineDouble({});
    expect(await berth(double.socket, ['cp', 'a', 'b'])).toMatchObject({
      code: 125,
      stderr: 'berth: cp: must specify at least one container source\n',
    });
  });

  it("export -o and save -o write the engine's bytes; load sends a file and prints what loaded", async () => {
    let loaded = Buffer.alloc(0);
    double = await startEngineDouble({
      containers: {
        exportContainer: (call) => {
          call.write({ data: Buffer.from('rootfs-') });
          call.write({ data: Buffer.from('tar') });
          call.end();
        },
      },
      images: {
        saveImages: (call) => {
          call.write({ data: Buffer.from(call.request.names.join(',')) });
          call.end();
        },
        loadImages: (call, callback) => {
          call.on(
            'data',
            (message: engine.v1.LoadImagesRequest) => (loaded = Buffer.concat([loaded, message.data])),
          );
          call.on('end', () => callback(null, { loaded: ['Loaded image: busybox:latest'] }));
        },
      },
    });
    expect((await berth(double.socket, ['export', '-o', join(dir, 'fs.tar'), 'web'])).code).toBe(0);
    expect(readFileSync(join(dir, 'fs.tar'), 'utf8')).toBe('rootfs-tar');
    expect((await berth(double.socket, ['save', '-o', join(dir, 'img.tar'), 'busybox', 'alpine'])).code).toBe(
      0,
    );
    expect(readFileSync(join(dir, 'img.tar'), 'utf8')).toBe('busybox,alpine');
    writeFileSync(join(dir, 'in.tar'), 'archive-bytes');
    expect(await berth(double.socket, ['load', '-i', join(dir, 'in.tar')])).toEqual({
      code: 0,
      stdout: 'Loaded image: busybox:latest\n',
      stderr: '',
    });
    expect(loaded.toString()).toBe('archive-bytes');
    expect((await berth(double.socket, ['export', 'web'])).stdout).toBe('rootfs-tar');
  });
});

describe('archive output errors', () => {
  it('export -o into a missing directory fails with one line instead of crashing', async () => {
    const double = await startEngineDouble({
      containers: {
        exportContainer: (call) => {
          call.write({ data: Buffer.from('x') });
          call.end();
        },
      },
    });
    try {
      const result = await berth(double.socket, ['export', '-o', '/nonexistent/berth-test/fs.tar', 'web']);
      expect(result.code).toBe(125);
      expect(result.stderr).toMatch(
        /^berth: export: ENOENT: no such file or directory, open '\/nonexistent\/berth-test\/fs.tar'\n$/,
      );
    } finally {
      await double.close();
    }
  });
});
