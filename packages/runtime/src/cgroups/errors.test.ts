import { RuntimeError } from '../errors';
import {
  CgroupInvalidArgumentError,
  CgroupIoError,
  CgroupNotFoundError,
  CgroupUnsupportedError,
} from './errors';

describe('cgroup errors', () => {
  it('carry the runtime convention: code, stable reason, class name, and the field', () => {
    const cases = [
      [
        new CgroupInvalidArgumentError('m', 'linux.resources.pids.limit'),
        'InvalidArgument',
        'CGROUP_INVALID_VALUE',
      ],
      [
        new CgroupUnsupportedError('m', 'linux.resources.unified'),
        'FailedPrecondition',
        'CGROUP_UNSUPPORTED',
      ],
      [new CgroupNotFoundError('m'), 'NotFound', 'CGROUP_NOT_FOUND'],
      [new CgroupIoError('m'), 'Internal', 'CGROUP_IO'],
    ] as const;
    for (const [error, code, reason] of cases) {
      expect(error).toBeInstanceOf(RuntimeError);
      expect(error.code).toBe(code);
      expect(error.reason).toBe(reason);
      expect(error.name).toBe(error.constructor.name);
    }
    expect(cases[0][0].field).toBe('linux.resources.pids.limit');
  });
});
