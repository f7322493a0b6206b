import { Metadata, status, type ServiceError } from '@grpc/grpc-js';
import { EngineError } from '../errors';
import { resolveEngineSocket } from './host';
import { toEngineError } from './status-error';

const serviceError = (code: status, details: string): ServiceError =>
  Object.assign(new Error(`${code} ${status[code]}: ${details}`), {
    code,
    details,
    metadata: new Metadata(),
  });

describe('resolveEngineSocket', () => {
  it('prefers -H, then BERTH_HOST, then BERTH_RUN/engine.sock, then /run/berth/engine.sock', () => {
    expect(resolveEngineSocket('unix:///tmp/a.sock', { BERTH_HOST: 'unix:///tmp/b.sock' })).toBe(
      '/tmp/a.sock',
    );
    expect(resolveEngineSocket(undefined, { BERTH_HOST: 'unix:///tmp/b.sock' })).toBe('/tmp/b.sock');
    expect(resolveEngineSocket(undefined, { BERTH_RUN: '/tmp/run' })).toBe('/tmp/run/engine.sock');
    expect(resolveEngineSocket(undefined, {})).toBe('/run/berth/engine.sock');
    expect(resolveEngineSocket('/tmp/c.sock', {})).toBe('/tmp/c.sock');
  });
  it('refuses hosts it cannot reach', () => {
    expect(() => resolveEngineSocket('tcp://10.0.0.1:2375', {})).toThrow(
      'berth talks to the engine over unix:///path sockets only',
    );
    expect(() => resolveEngineSocket('unix://relative.sock', {})).toThrow('the socket path must be absolute');
  });
});

describe('toEngineError', () => {
  it("keeps the engine's message and status name", () => {
    const err = toEngineError(
      serviceError(status.NOT_FOUND, 'no such container: web'),
      '/run/berth/engine.sock',
    );
    expect(err).toBeInstanceOf(EngineError);
    expect(err).toMatchObject({ message: 'no such container: web', status: 'NOT_FOUND', exitCode: 1 });
  });
  it('tells a socket nobody answers on from a component the engine reports down', () => {
    expect(
      toEngineError(
        serviceError(status.UNAVAILABLE, 'No connection established. Last error: connect ENOENT /x.sock'),
        '/x.sock',
      ),
    ).toMatchObject({
      code: 'EngineUnavailable',
      message: 'cannot connect to the Berth engine at unix:///x.sock: is berthd running?',
    });
    expect(
      toEngineError(
        serviceError(status.UNAVAILABLE, 'berth-images is not running at /run/berth/images.sock'),
        '/x.sock',
      ),
    ).toMatchObject({
      code: 'Engine',
      message: 'berth-images is not running at /run/berth/images.sock',
    });
  });
  it('explains an unimplemented call and passes other errors through', () => {
    expect((toEngineError(serviceError(status.UNIMPLEMENTED, ''), '/x') as Error).message).toMatch(
      /does not support this call/,
    );
    const plain = new Error('plain');
    expect(toEngineError(plain, '/x')).toBe(plain);
  });
});
