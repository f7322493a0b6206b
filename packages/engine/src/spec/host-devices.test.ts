import { hostDevices, splitDev } from './host-devices';

describe('host devices', () => {
  it('splits dev_t like glibc', () => {
    expect(splitDev(0x0103)).toEqual({ major: 1, minor: 3 });
    expect(splitDev(0x10300)).toEqual({ major: 259, minor: 0 });
    expect(splitDev(0x12300145)).toEqual({ major: 1, minor: 0x12345 });
  });

  it('lists the host devices without the ones every container gets its own of', async () => {
    const devices = await hostDevices();
    expect(devices).toContainEqual(
      expect.objectContaining({ path: '/dev/null', type: 'c', major: 1, minor: 3 }),
    );
    expect(devices.some((d) => d.path.startsWith('/dev/pts/') || d.path === '/dev/console')).toBe(false);
  });
});
