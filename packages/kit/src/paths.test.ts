import { componentPaths, shimPaths } from './paths';

describe('componentPaths', () => {
  it('defaults to /var/lib/berth/<component> and /run/berth/<component>.sock', () => {
    expect(componentPaths('images', {}, {})).toEqual({
      root: '/var/lib/berth/images',
      run: '/run/berth',
      socket: '/run/berth/images.sock',
    });
    expect(componentPaths('engine', {}, {}).socket).toBe('/run/berth/engine.sock');
  });

  it('follows BERTH_ROOT and BERTH_RUN', () => {
    expect(componentPaths('network', {}, { BERTH_ROOT: '/tmp/r', BERTH_RUN: '/tmp/x' })).toEqual({
      root: '/tmp/r/network',
      run: '/tmp/x',
      socket: '/tmp/x/network.sock',
    });
  });

  it('lets flags win over the environment', () => {
    const paths = componentPaths(
      'images',
      { root: '/srv/images', run: '/tmp/run', socket: '/tmp/i.sock' },
      { BERTH_ROOT: '/tmp/r', BERTH_RUN: '/tmp/x' },
    );
    expect(paths).toEqual({ root: '/srv/images', run: '/tmp/run', socket: '/tmp/i.sock' });
    expect(componentPaths('images', { run: '/tmp/run' }, {}).socket).toBe('/tmp/run/images.sock');
  });

  it('refuses relative directories and odd component names, naming the source', () => {
    expect(() => componentPaths('images', {}, { BERTH_ROOT: 'var/lib' })).toThrow(
      'environment BERTH_ROOT: "var/lib" must be an absolute path',
    );
    expect(() => componentPaths('images', { root: 'here' }, {})).toThrow('flag --root: "here"');
    expect(() => componentPaths('../etc', {}, {})).toThrow('component name "../etc"');
  });
});

describe('shimPaths', () => {
  it('puts each shim under $BERTH_RUN/shims/<id>/', () => {
    expect(shimPaths('abc123', '/run/berth')).toEqual({
      dir: '/run/berth/shims/abc123',
      socket: '/run/berth/shims/abc123/shim.sock',
    });
  });

  it('refuses ids that would escape the directory', () => {
    expect(() => shimPaths('../x', '/run/berth')).toThrow('shim id "../x"');
  });
});
