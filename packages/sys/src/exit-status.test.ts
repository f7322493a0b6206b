import { toExitStatus } from './exit-status';

describe('toExitStatus', () => {
  it('reports an exit code as the status', () => {
    expect(toExitStatus({ pid: 10, exitCode: 3, signal: null, coreDumped: false })).toEqual({
      pid: 10,
      exitCode: 3,
      signal: null,
      signalNumber: null,
      status: 3,
      coreDumped: false,
    });
  });

  it('reports a killing signal shell-style, as 128 + its number', () => {
    expect(toExitStatus({ pid: 11, exitCode: null, signal: 11, coreDumped: true })).toEqual({
      pid: 11,
      exitCode: null,
      signal: 'SIGSEGV',
      signalNumber: 11,
      status: 139,
      coreDumped: true,
    });
  });
});
