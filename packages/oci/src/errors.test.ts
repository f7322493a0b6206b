import {
  DigestMismatchError,
  InvalidReferenceError,
  OciError,
  OciValidationError,
  SizeMismatchError,
  UnsupportedManifestError,
} from './errors';

describe('OciError family', () => {
  it('sets name to the class name and keeps code and reason stable', () => {
    const error = new DigestMismatchError('sha256:aa', 'sha256:bb');
    expect(error).toBeInstanceOf(OciError);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('DigestMismatchError');
    expect(error.code).toBe('DataLoss');
    expect(error.reason).toBe('DIGEST_MISMATCH');
    expect(error.message).toBe('digest mismatch: expected sha256:aa, got sha256:bb');
  });

  it('gives each class the code the Berth convention assigns', () => {
    expect(new SizeMismatchError(3, 4).code).toBe('DataLoss');
    expect(new SizeMismatchError(3, 4).reason).toBe('SIZE_MISMATCH');
    expect(new UnsupportedManifestError('x').code).toBe('InvalidArgument');
    expect(new InvalidReferenceError('Nginx', 'why').message).toBe('invalid reference "Nginx": why');
  });

  it('joins every validation issue into the message and keeps them as data', () => {
    const error = new OciValidationError([
      { path: 'ociVersion', message: 'missing' },
      { path: '', message: 'must be an object' },
    ]);
    expect(error.message).toBe('ociVersion: missing; (document): must be an object');
    expect(error.issues).toHaveLength(2);
    expect(error.code).toBe('InvalidArgument');
    expect(error.name).toBe('OciValidationError');
  });

  it('keeps a cause when given one', () => {
    const cause = new Error('root');
    expect(new OciError('Internal', 'wrapped', { cause }).cause).toBe(cause);
  });
});
