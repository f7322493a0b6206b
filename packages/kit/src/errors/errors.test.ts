import { Metadata, status } from '@grpc/grpc-js';
import {
  AlreadyExistsError,
  BerthError,
  DataLossError,
  ERROR_CODES,
  ERROR_DETAILS_KEY,
  errorClassFor,
  formatCliError,
  fromServiceError,
  grpcStatusOf,
  InternalError,
  NotFoundError,
  toGrpcStatus,
  toServiceError,
  UnavailableError,
} from './index';

describe('error classes', () => {
  it('carry code, reason, details and their own name', () => {
    const err = new NotFoundError('container web not found', {
      reason: 'CONTAINER_NOT_FOUND',
      details: { id: 'web' },
    });
    expect(err).toBeInstanceOf(BerthError);
    expect(err).toBeInstanceOf(Error);
    expect(err.name).toBe('NotFoundError');
    expect(err.code).toBe('NotFound');
    expect(err.reason).toBe('CONTAINER_NOT_FOUND');
    expect(err.details).toEqual({ id: 'web' });
  });

  it('has one class per code, each mapping to a distinct gRPC status', () => {
    const statuses = ERROR_CODES.map((code) => {
      expect(new (errorClassFor(code))('x').code).toBe(code);
      return grpcStatusOf(code);
    });
    expect(new Set(statuses).size).toBe(ERROR_CODES.length);
  });
});

describe('toGrpcStatus', () => {
  it('maps a BerthError to its status with reason and details in metadata', () => {
    const s = toGrpcStatus(
      new AlreadyExistsError('name web is taken', { reason: 'NAME_IN_USE', details: { n: 10n } }),
    );
    expect(s.code).toBe(status.ALREADY_EXISTS);
    expect(s.details).toBe('name web is taken');
    expect(s.metadata.get('berth-error-reason')).toEqual(['NAME_IN_USE']);
    expect(JSON.parse(String(s.metadata.get(ERROR_DETAILS_KEY)[0]))).toEqual({ n: '10' });
  });

  it('duck-types errors of packages that cannot import kit', () => {
    class OciError extends Error {
      readonly code = 'InvalidArgument';
      readonly reason = 'SPEC_INVALID';
    }
    const s = toGrpcStatus(new OciError('process.args: must not be empty'));
    expect(s.code).toBe(status.INVALID_ARGUMENT);
    expect(s.details).toBe('process.args: must not be empty');
    expect(s.metadata.get('berth-error-reason')).toEqual(['SPEC_INVALID']);
  });

  it('maps common errno errors', () => {
    const enoent = Object.assign(new Error("ENOENT: no such file or directory, open '/x'"), {
      code: 'ENOENT',
    });
    expect(toGrpcStatus(enoent).code).toBe(status.NOT_FOUND);
  });

  it('turns unknown errors into INTERNAL without leaking their message or stack', () => {
    const s = toGrpcStatus(new TypeError('Cannot read properties of undefined (secret)'), {
      requestId: 'r1',
    });
    expect(s.code).toBe(status.INTERNAL);
    expect(s.details).toBe('internal error (request r1; see the daemon log)');
    expect(s.details).not.toMatch(/secret|at /);
    expect(toGrpcStatus('a string').details).toBe('internal error');
  });

  it('passes a received gRPC error through with its Berth metadata', () => {
    const received = Object.assign(
      new Error('5 NOT_FOUND: no such image'),
      toGrpcStatus(new NotFoundError('no such image', { reason: 'IMAGE_NOT_FOUND' })),
    );
    const s = toGrpcStatus(received);
    expect(s.code).toBe(status.NOT_FOUND);
    expect(s.details).toBe('no such image');
    expect(s.metadata.get('berth-error-reason')).toEqual(['IMAGE_NOT_FOUND']);
  });
});

describe('fromServiceError', () => {
  it('rebuilds the same class, message, reason and details', () => {
    const original = new DataLossError('blob sha256:ab is corrupt', {
      reason: 'BLOB_CORRUPT',
      details: { digest: 'sha256:ab', size: 3 },
    });
    const rebuilt = fromServiceError(toServiceError(original));
    expect(rebuilt).toBeInstanceOf(DataLossError);
    expect(rebuilt.message).toBe(original.message);
    expect(rebuilt.reason).toBe('BLOB_CORRUPT');
    expect(rebuilt.details).toEqual({ digest: 'sha256:ab', size: 3 });
  });

  it('uses the gRPC status of servers that send no Berth metadata', () => {
    const rebuilt = fromServiceError({
      code: status.UNAVAILABLE,
      details: 'connection refused',
      metadata: new Metadata(),
    });
    expect(rebuilt).toBeInstanceOf(UnavailableError);
    expect(rebuilt.message).toBe('connection refused');
    expect(fromServiceError({ code: status.UNKNOWN, details: 'boom' })).toBeInstanceOf(InternalError);
  });

  it('ignores unreadable details', () => {
    const metadata = new Metadata();
    metadata.set(ERROR_DETAILS_KEY, Buffer.from('{not json'));
    const rebuilt = fromServiceError({ code: status.NOT_FOUND, details: 'gone', metadata });
    expect(rebuilt).toBeInstanceOf(NotFoundError);
    expect(rebuilt.details).toBeUndefined();
  });
});

describe('formatCliError', () => {
  it('prints one line naming what failed and why', () => {
    expect(formatCliError('run nginx', new NotFoundError('image nginx not found'))).toBe(
      'berth: run nginx: image nginx not found',
    );
    expect(formatCliError('ps', new Error('first\n  second'))).toBe('berth: ps: first; second');
  });

  it('adds the stack only in debug mode', () => {
    const err = new Error('boom');
    expect(formatCliError('x', err)).not.toContain('\n');
    expect(formatCliError('x', err, { debug: true })).toContain(err.stack);
  });
});
