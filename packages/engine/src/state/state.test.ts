import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { settingsWith } from '../testing/settings';
import type { ContainerRecord } from './container-record';
import { assertAllowed, describeStatus, humanDuration, initialState } from './container-state';
import { ContainerStore } from './container-store';

const ID = 'a'.repeat(64);

describe('assertAllowed', () => {
  it('uses docker wording', () => {
    expect(() => assertAllowed('start', 'paused', ID, 'web')).toThrow(
      'cannot start a paused container, try unpause instead',
    );
    expect(() => assertAllowed('pause', 'exited', ID, 'web')).toThrow(
      `container ${ID.slice(0, 12)} is not running`,
    );
    expect(() => assertAllowed('pause', 'paused', ID, 'web')).toThrow('is already paused');
    expect(() => assertAllowed('unpause', 'running', ID, 'web')).toThrow('is not paused');
    expect(() => assertAllowed('remove', 'running', ID, 'web')).toThrow(
      'cannot remove container "/web": container is running: stop the container before removing or force remove',
    );
    expect(() => assertAllowed('exec', 'restarting', ID, 'web')).toThrow('is restarting');
    expect(() => assertAllowed('stop', 'removing', ID, 'web')).toThrow('already in progress');
  });

  it('allows what docker allows', () => {
    expect(() => assertAllowed('remove', 'running', ID, 'web', true)).not.toThrow();
    expect(() => assertAllowed('start', 'exited', ID, 'web')).not.toThrow();
    expect(() => assertAllowed('kill', 'paused', ID, 'web')).not.toThrow();
    expect(() => assertAllowed('stop', 'exited', ID, 'web')).not.toThrow();
  });
});

describe('describeStatus', () => {
  const now = new Date('2026-11-23T12:00:00Z');
  it('prints docker status columns', () => {
    const state = {
      ...initialState(),
      startedAt: '2026-11-23T11:57:00Z',
      finishedAt: '2026-11-23T11:59:58Z',
    };
    expect(describeStatus(state, now)).toBe('Created');
    expect(describeStatus({ ...state, status: 'running' }, now)).toBe('Up 3 minutes');
    expect(describeStatus({ ...state, status: 'paused' }, now)).toBe('Up 3 minutes (Paused)');
    expect(describeStatus({ ...state, status: 'exited', exitCode: 137 }, now)).toBe(
      'Exited (137) 2 seconds ago',
    );
  });
  it('rounds durations like docker', () => {
    expect(humanDuration(500)).toBe('Less than a second');
    expect(humanDuration(61_000)).toBe('About a minute');
    expect(humanDuration(3 * 3600_000)).toBe('3 hours');
    expect(humanDuration(3 * 86400_000)).toBe('3 days');
  });
});

describe('ContainerStore', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'berth-engine-store-'));
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  const record = (): ContainerRecord => ({
    version: 1,
    id: ID,
    name: 'web',
    created: '2026-11-23T12:00:00.000Z',
    settings: settingsWith(),
    imageId: 'sha256:' + 'b'.repeat(64),
    imageName: 'docker.io/library/busybox:latest',
    imageConfig: {},
    state: initialState(),
    restartCount: 0,
    manuallyStopped: false,
    ports: [],
    endpoints: [],
    mounts: [],
    shimSocket: '',
    netnsPath: '',
    bundle: '',
    logPath: '',
  });

  it('round-trips records and reports half-created directories', async () => {
    const store = new ContainerStore(join(root, 'containers'));
    await store.createDir(ID);
    await store.save(record());
    await mkdir(store.dir('c'.repeat(64)));
    await mkdir(join(store.root, 'not-an-id'));
    const loaded = await store.loadAll();
    expect(loaded.records).toEqual([record()]);
    expect(loaded.orphans).toEqual(['c'.repeat(64)]);
    await store.remove(ID);
    expect((await store.loadAll()).records).toEqual([]);
  });

  it('refuses a corrupt record instead of forgetting the container', async () => {
    const store = new ContainerStore(join(root, 'containers'));
    await store.createDir(ID);
    await writeFile(join(store.dir(ID), 'container.json'), '{"id":');
    await expect(store.loadAll()).rejects.toThrow();
  });
});
