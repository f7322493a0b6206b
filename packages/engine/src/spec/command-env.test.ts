import { resolveCommand } from './command';
import { checkEnv, DEFAULT_PATH, mergeEnv } from './env';

describe('resolveCommand', () => {
  const image = { Entrypoint: ['/docker-entrypoint.sh'], Cmd: ['nginx', '-g', 'daemon off;'] };
  it('uses the image when nothing is given', () => {
    expect(resolveCommand({ cmd: [], entrypoint: [], entrypointSet: false }, image)).toEqual([
      '/docker-entrypoint.sh',
      'nginx',
      '-g',
      'daemon off;',
    ]);
  });
  it('replaces Cmd only', () => {
    expect(resolveCommand({ cmd: ['sh'], entrypoint: [], entrypointSet: false }, image)).toEqual([
      '/docker-entrypoint.sh',
      'sh',
    ]);
  });
  it('drops the image Cmd when the entrypoint is overridden', () => {
    expect(resolveCommand({ cmd: [], entrypoint: ['sh'], entrypointSet: true }, image)).toEqual(['sh']);
    expect(resolveCommand({ cmd: ['ls'], entrypoint: [], entrypointSet: true }, image)).toEqual(['ls']);
  });
  it('refuses an empty command', () => {
    expect(() => resolveCommand({ cmd: [], entrypoint: [], entrypointSet: true }, image)).toThrow(
      'no command specified',
    );
  });
});

describe('env', () => {
  it('merges with later values winning in first position and a default PATH', () => {
    expect(mergeEnv([['A=1', 'B=2'], ['A=3']], { HOSTNAME: 'abc' })).toEqual([
      'A=3',
      'B=2',
      `PATH=${DEFAULT_PATH}`,
      'HOSTNAME=abc',
    ]);
    expect(mergeEnv([['PATH=/bin'], ['HOSTNAME=mine']], { HOSTNAME: 'abc' })).toEqual([
      'PATH=/bin',
      'HOSTNAME=mine',
    ]);
  });
  it('checks -e entries', () => {
    expect(checkEnv(['A=1', 'UNSET', 'EMPTY='])).toEqual(['A=1', 'EMPTY=']);
    expect(() => checkEnv(['=x'])).toThrow('invalid env: "=x" is not NAME=value');
  });
});
