import { parseState } from './state';

describe('parseState', () => {
  const running = {
    ociVersion: '1.2.0',
    id: 'web',
    status: 'running',
    pid: 4422,
    bundle: '/containers/web',
    annotations: { a: 'b' },
  };

  it('accepts state documents', () => {
    expect(parseState(running)).toEqual(running);
    expect(
      parseState({ ociVersion: '1.0.2-dev', id: 'x', status: 'stopped', pid: 0, bundle: '/b' }).status,
    ).toBe('stopped');
    expect(
      parseState({ ociVersion: '1.3.0', id: 'x', status: 'creating', bundle: '/b' }).pid,
    ).toBeUndefined();
  });

  it('requires a pid while created or running', () => {
    expect(() => parseState({ ...running, pid: undefined })).toThrow(
      'pid: required when status is "running"',
    );
    expect(() => parseState({ ...running, status: 'created', pid: 0 })).toThrow(
      'pid: required when status is "created"',
    );
  });

  it('names each broken field', () => {
    expect(() => parseState({ ociVersion: '1.2.0', id: '', status: 'paused', bundle: 'rel' })).toThrow(
      'id: must not be empty; status: unknown status "paused"; bundle: must be an absolute path, got "rel"',
    );
  });
});
