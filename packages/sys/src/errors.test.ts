import { constants } from 'node:os';
import { codeForErrno, errnoName, SysError } from './errors';

describe('SysError', () => {
  it('names the errno, the syscall and a stable code', () => {
    const error = SysError.fromErrno(constants.errno.ESRCH, 'pidfd_open', 'No such process');
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({
      name: 'SysError',
      code: 'NotFound',
      errno: 'ESRCH',
      errnoNumber: constants.errno.ESRCH,
      syscall: 'pidfd_open',
      message: 'pidfd_open failed: ESRCH: No such process',
    });
  });

  it('maps errno families to codes and falls back to Internal', () => {
    expect(codeForErrno('EBADF')).toBe('InvalidArgument');
    expect(codeForErrno('EPERM')).toBe('PermissionDenied');
    expect(codeForErrno('EADDRINUSE')).toBe('AlreadyExists');
    expect(codeForErrno('EMFILE')).toBe('ResourceExhausted');
    expect(codeForErrno('ENOSYS')).toBe('Unsupported');
    expect(codeForErrno('EIO')).toBe('Internal');
  });

  it('names errnos Node does not know by number', () => {
    expect(errnoName(constants.errno.ECHILD)).toBe('ECHILD');
    expect(errnoName(4095)).toBe('E4095');
  });
});
