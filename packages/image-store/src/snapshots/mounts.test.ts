import { mountCommandArgs, snapshotMounts } from './mounts';

describe('snapshotMounts', () => {
  it('binds a single directory and overlays stacks, as containerd does', () => {
    expect(snapshotMounts({ upper: { dir: '/u', work: '/w' }, lowers: [], own: '/u' })).toEqual([
      { type: 'bind', source: '/u', options: ['rbind', 'rw'] },
    ]);
    expect(snapshotMounts({ upper: { dir: '/u', work: '/w' }, lowers: ['/l2', '/l1'], own: '/u' })).toEqual([
      { type: 'overlay', source: 'overlay', options: ['workdir=/w', 'upperdir=/u', 'lowerdir=/l2:/l1'] },
    ]);
    expect(snapshotMounts({ lowers: ['/l1'], own: '/v' })).toEqual([
      { type: 'bind', source: '/l1', options: ['rbind', 'ro'] },
    ]);
    expect(snapshotMounts({ lowers: ['/l2', '/l1'], own: '/v' })).toEqual([
      { type: 'overlay', source: 'overlay', options: ['lowerdir=/l2:/l1'] },
    ]);
    expect(snapshotMounts({ lowers: [], own: '/v' })).toEqual([
      { type: 'bind', source: '/v', options: ['rbind', 'ro'] },
    ]);
  });

  it('renders mount(8) arguments', () => {
    expect(
      mountCommandArgs({ type: 'overlay', source: 'overlay', options: ['lowerdir=/a:/b'] }, '/m'),
    ).toEqual(['-t', 'overlay', '-o', 'lowerdir=/a:/b', 'overlay', '/m']);
    expect(mountCommandArgs({ type: 'bind', source: '/a', options: ['rbind', 'ro'] }, '/m')).toEqual([
      '-o',
      'rbind,ro',
      '/a',
      '/m',
    ]);
  });
});
