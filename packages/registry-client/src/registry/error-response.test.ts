import {
  DeniedError,
  NotFoundError,
  RegistryUnavailableError,
  TooManyRequestsError,
  UnauthorizedError,
} from '../errors';
import { parseErrorBody, responseError } from './error-response';

describe('registry error responses', () => {
  it('types the error by status and keeps the registry code and message', () => {
    const error = responseError(
      404,
      'GET /v2/a/manifests/x',
      JSON.stringify({
        errors: [{ code: 'MANIFEST_UNKNOWN', message: 'manifest unknown', detail: { Tag: 'x' } }],
      }),
    );
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({
      code: 'NotFound',
      reason: 'MANIFEST_UNKNOWN',
      status: 404,
      message: 'GET /v2/a/manifests/x: MANIFEST_UNKNOWN: manifest unknown',
    });
    expect(error.errors[0]?.detail).toEqual({ Tag: 'x' });
  });

  it.each([
    [401, UnauthorizedError, 'Unauthenticated', 'UNAUTHORIZED'],
    [403, DeniedError, 'PermissionDenied', 'DENIED'],
    [429, TooManyRequestsError, 'ResourceExhausted', 'TOOMANYREQUESTS'],
    [503, RegistryUnavailableError, 'Unavailable', 'UNAVAILABLE'],
  ])('maps HTTP %d without a body', (status, type, code, reason) => {
    const error = responseError(status, 'GET /v2/', '');
    expect(error).toBeInstanceOf(type);
    expect(error).toMatchObject({ code, reason, message: `GET /v2/: HTTP ${status}` });
  });

  it('keeps a plain-text body as the message', () => {
    expect(parseErrorBody('upstream connect error\n')).toEqual([
      { code: 'UNKNOWN', message: 'upstream connect error' },
    ]);
    expect(responseError(502, 'GET /v2/', 'Bad Gateway').message).toBe('GET /v2/: UNKNOWN: Bad Gateway');
  });
});
