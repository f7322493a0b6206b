import { OCI_RUNTIME_SPEC_VERSION, ociVersionProblem } from './version';

describe('ociVersionProblem', () => {
  it.each(['1.0.0', '1.0.2-dev', '1.1.0-rc.1', '1.2.1', '1.3.0', '1.3.7+build.5', OCI_RUNTIME_SPEC_VERSION])(
    'accepts %s',
    (version) => {
      expect(ociVersionProblem(version)).toBeUndefined();
    },
  );

  it.each([
    ['0.6.0', 'unsupported version'],
    ['1.4.0', 'unsupported version'],
    ['2.0.0', 'unsupported version'],
    ['1.2', 'must be a SemVer version'],
    ['v1.2.0', 'must be a SemVer version'],
    ['01.2.0', 'must be a SemVer version'],
  ])('refuses %s', (version, why) => {
    expect(ociVersionProblem(version)).toContain(why);
  });
});
