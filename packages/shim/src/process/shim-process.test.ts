import { ShimProcess } from './shim-process';

const exit = (status: number) => ({ status, exitedAt: new Date(0).toISOString() });

describe('ShimProcess', () => {
  it('holds an exit seen during Start until the start event is out', () => {
    const published: number[] = [];
    const p = new ShimProcess('c', '', (_p, e) => published.push(e.status));
    p.beginStart();
    p.exited(exit(3));
    expect(published).toEqual([]);
    expect(p.status).toBe('created');
    p.markStarted();
    expect(published).toEqual([3]);
    expect(p.status).toBe('stopped');
  });

  it('answers Wait before and after the exit', async () => {
    const p = new ShimProcess('c', 'e', () => undefined);
    p.beginStart();
    p.markStarted();
    const early = p.wait();
    p.exited(exit(0));
    p.exited(exit(9)); // a second report changes nothing
    await expect(early).resolves.toEqual(exit(0));
    await expect(p.wait()).resolves.toEqual(exit(0));
  });

  it('refuses transitions the state does not allow with FailedPrecondition', () => {
    const p = new ShimProcess('c', 'e', () => undefined);
    expect(() => p.require('pause', 'running')).toThrow(
      expect.objectContaining({
        code: 'FailedPrecondition',
        reason: 'INVALID_STATE',
        message: 'cannot pause exec e of task c: it is created',
      }),
    );
    p.beginStart();
    p.markStarted();
    expect(() => p.beginStart()).toThrow(/cannot start exec e of task c: it is running/);
  });

  it('lets a failed start publish an exit that arrived meanwhile', () => {
    const published: number[] = [];
    const p = new ShimProcess('c', '', (_p, e) => published.push(e.status));
    p.beginStart();
    p.exited(exit(137));
    p.abortStart();
    expect(published).toEqual([137]);
  });
});
