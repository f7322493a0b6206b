import { PassThrough } from 'node:stream';
import { NotFoundError } from './errors/classes';
import { childLogger, createLogger, resolveLogLevel } from './logger';

function capture() {
  const stream = new PassThrough();
  const lines: Record<string, unknown>[] = [];
  stream.on('data', (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n')) if (line) lines.push(JSON.parse(line));
  });
  return { stream, lines };
}

describe('resolveLogLevel', () => {
  it('prefers the option, then BERTH_LOG_LEVEL, then info', () => {
    expect(resolveLogLevel('debug', { BERTH_LOG_LEVEL: 'warn' })).toBe('debug');
    expect(resolveLogLevel(undefined, { BERTH_LOG_LEVEL: 'WARN' })).toBe('warn');
    expect(resolveLogLevel(undefined, {})).toBe('info');
  });

  it('names the source of a bad level', () => {
    expect(() => resolveLogLevel(undefined, { BERTH_LOG_LEVEL: 'loud' })).toThrow(
      'environment BERTH_LOG_LEVEL: "loud" is not one of trace, debug, info, warn, error, fatal',
    );
    expect(() => resolveLogLevel('verbose')).toThrow('log level: "verbose"');
  });
});

describe('createLogger', () => {
  it('writes JSON lines with the component and the level threshold applied', () => {
    const { stream, lines } = capture();
    const log = createLogger({ component: 'images', level: 'info', stream });
    log.debug('hidden');
    log.info({ layers: 3 }, 'pulled');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      name: 'images',
      component: 'images',
      msg: 'pulled',
      layers: 3,
      level: 30,
    });
  });

  it('logs BigInt fields instead of throwing', () => {
    const { stream, lines } = capture();
    createLogger({ component: 'c', stream }).info({ size: 2n ** 60n }, 'big');
    expect(lines[0]!.size).toBe('1152921504606846976');
  });

  it('serialises errors with stack, code, reason and details', () => {
    const { stream, lines } = capture();
    const err = new NotFoundError('no such container', {
      reason: 'CONTAINER_NOT_FOUND',
      details: { id: 'a' },
    });
    createLogger({ component: 'c', stream }).error({ err }, 'failed');
    expect(lines[0]!.err).toMatchObject({
      message: 'no such container',
      name: 'NotFoundError',
      code: 'NotFound',
      reason: 'CONTAINER_NOT_FOUND',
      details: { id: 'a' },
    });
    expect((lines[0]!.err as { stack: string }).stack).toContain('NotFoundError');
  });

  it('gives children their context fields', () => {
    const { stream, lines } = capture();
    const log = createLogger({ component: 'engine', stream });
    childLogger(log, { req_id: 'r1', container_id: undefined }).info('hi');
    expect(lines[0]).toMatchObject({ req_id: 'r1', component: 'engine' });
    expect(lines[0]).not.toHaveProperty('container_id');
  });
});
