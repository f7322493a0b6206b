import { Metadata, status, type ServiceError } from '@grpc/grpc-js';
import { engineError } from './calls';

const serviceError = (code: status, details: string): ServiceError =>
  Object.assign(new Error(details), { code, details, metadata: new Metadata() });

describe('engineError', () => {
  it('says the engine cannot be reached when nothing listens on its socket', () => {
    const err = engineError(
      'list containers',
      serviceError(status.UNAVAILABLE, 'No connection established. Last error: connect ENOENT /x.sock'),
    );
    expect(err.message).toBe('list containers: cannot connect to the Berth engine: is berthd running?');
  });

  it("keeps the engine's own message otherwise", () => {
    const err = engineError(
      'start web',
      serviceError(status.UNAVAILABLE, 'berth-images is not running at /i.sock'),
    );
    expect(err.message).toBe('start web: berth-images is not running at /i.sock');
    expect(err.grpcCode).toBe(status.UNAVAILABLE);
  });
});
