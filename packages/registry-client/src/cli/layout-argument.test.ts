import { splitLayoutArgument } from './layout-argument';

describe('splitLayoutArgument', () => {
  it('splits DIR:NAME like skopeo oci: references', () => {
    expect(splitLayoutArgument('/tmp/layout:latest')).toEqual({ dir: '/tmp/layout', name: 'latest' });
    expect(splitLayoutArgument('/tmp/layout')).toEqual({ dir: '/tmp/layout' });
  });

  it('keeps a colon that belongs to the path', () => {
    expect(splitLayoutArgument('/tmp/a:b/layout')).toEqual({ dir: '/tmp/a:b/layout' });
    expect(splitLayoutArgument(':name')).toEqual({ dir: ':name' });
  });
});
