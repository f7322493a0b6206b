import { imageIdQuery, isUntaggedName, matchImageId } from './image-id';

const hex = 'a'.repeat(64);

describe('image IDs', () => {
  it('takes the full ID, its bare hex and prefixes of at least 12 digits', () => {
    expect(imageIdQuery(`sha256:${hex}`)).toBe(hex);
    expect(imageIdQuery(hex)).toBe(hex);
    expect(imageIdQuery('0123456789ab')).toBe('0123456789ab');
    expect(imageIdQuery('sha256:0123456789ab')).toBe('0123456789ab');
  });

  it('refuses short prefixes, upper case and names', () => {
    expect(imageIdQuery('0123456789a')).toBeUndefined();
    expect(imageIdQuery('0123456789AB')).toBeUndefined();
    expect(imageIdQuery('busybox:1')).toBeUndefined();
    expect(imageIdQuery(`${hex}0`)).toBeUndefined();
  });

  it('recognises untagged record names', () => {
    expect(isUntaggedName(`sha256:${hex}`)).toBe(true);
    expect(isUntaggedName('docker.io/library/busybox:1')).toBe(false);
  });

  it('matches a unique prefix and reports an ambiguous one', () => {
    const one = `sha256:0123456789ab${'1'.repeat(52)}`;
    const two = `sha256:0123456789ab${'2'.repeat(52)}`;
    expect(matchImageId('0123456789ab1', [one, two, one])).toEqual({ id: one });
    expect(matchImageId('0123456789ab', [two, one])).toEqual({ ambiguous: [one, two] });
    expect(matchImageId('fedcba987654', [one, two])).toBeUndefined();
  });
});
