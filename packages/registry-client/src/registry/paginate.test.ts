import { nextLink } from './paginate';

describe('nextLink', () => {
  it('finds the rel="next" target', () => {
    expect(nextLink('</v2/_catalog?last=b&n=2>; rel="next"')).toBe('/v2/_catalog?last=b&n=2');
    expect(nextLink('<https://x/prev>; rel="prev", </v2/a/tags/list?n=1&last=c>; rel=next')).toBe(
      '/v2/a/tags/list?n=1&last=c',
    );
  });

  it('returns undefined on the last page', () => {
    expect(nextLink(undefined)).toBeUndefined();
    expect(nextLink('</x>; rel="prev"')).toBeUndefined();
  });
});
