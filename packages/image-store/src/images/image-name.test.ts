import { canonicalImageName } from './image-name';

describe('canonicalImageName', () => {
  it.each([
    ['busybox', 'docker.io/library/busybox:latest'],
    ['docker.io/library/busybox:1', 'docker.io/library/busybox:1'],
    ['127.0.0.1:5000/a/b', '127.0.0.1:5000/a/b:latest'],
    [`app@sha256:${'a'.repeat(64)}`, `docker.io/library/app@sha256:${'a'.repeat(64)}`],
  ])('%s → %s', (input, name) => {
    expect(canonicalImageName(input).name).toBe(name);
  });

  it('refuses what is not a reference, naming it', () => {
    expect(() => canonicalImageName('Not/Valid')).toThrow(/Not\/Valid/);
  });
});
