import { runInNewContext } from 'node:vm';
import { CommandNotFoundError, EngineError, formatCliError, UsageError } from './errors';

describe('formatCliError', () => {
  it('prints one line naming what failed and why', () => {
    expect(formatCliError('run', new UsageError('unknown flag: --x'))).toBe('berth: run: unknown flag: --x');
    expect(formatCliError('ps', new Error('first\n  second'))).toBe('berth: ps: first; second');
    expect(formatCliError('', new Error('no command'))).toBe('berth: no command');
    expect(formatCliError('x', 'a string')).toBe('berth: x: a string');
  });
  it('reads errors of another realm by shape, and adds the stack only with --debug', () => {
    const foreign = runInNewContext('new Error("from elsewhere")') as Error;
    expect(formatCliError('x', foreign)).toBe('berth: x: from elsewhere');
    const err = new Error('boom');
    expect(formatCliError('x', err)).not.toContain('\n');
    expect(formatCliError('x', err, true)).toContain(err.stack);
  });
});

describe('error classes', () => {
  it('carry stable codes and docker exit codes', () => {
    expect(new UsageError('x')).toMatchObject({ code: 'Usage', exitCode: 125, name: 'UsageError' });
    expect(new EngineError('x', 'NOT_FOUND')).toMatchObject({
      code: 'Engine',
      exitCode: 1,
      status: 'NOT_FOUND',
    });
    expect(new CommandNotFoundError('x')).toMatchObject({ code: 'CommandNotFound', exitCode: 127 });
  });
});
