import { status } from '@grpc/grpc-js';
import { isConnectFailure } from './connect';

describe('isConnectFailure', () => {
  it.each([
    'No connection established. Last error: Error: connect ENOENT /run/berth/engine.sock',
    'connect ECONNREFUSED /run/berth/engine.sock',
    'connect EACCES /run/berth/engine.sock',
  ])('is true when grpc-js never reached the socket: %s', (details) => {
    expect(isConnectFailure({ code: status.UNAVAILABLE, details })).toBe(true);
  });

  it('is false for a daemon answering UNAVAILABLE itself, and for other statuses', () => {
    expect(
      isConnectFailure({ code: status.UNAVAILABLE, details: 'berth-images is not running at /x.sock' }),
    ).toBe(false);
    expect(isConnectFailure({ code: status.NOT_FOUND, details: 'connect ENOENT /x' })).toBe(false);
    expect(isConnectFailure({})).toBe(false);
  });
});
