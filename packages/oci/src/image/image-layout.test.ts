import { digestOf } from '../digest/digest';
import { IMAGE_LAYOUT_VERSION, layoutBlobPath, parseImageLayout } from './image-layout';

describe('image layout', () => {
  it('parses the oci-layout file', () => {
    expect(parseImageLayout({ imageLayoutVersion: IMAGE_LAYOUT_VERSION })).toEqual({
      imageLayoutVersion: '1.0.0',
    });
    expect(parseImageLayout(JSON.parse('{"imageLayoutVersion":"1.1.0"}')).imageLayoutVersion).toBe('1.1.0');
  });

  it('refuses other layout versions', () => {
    expect(() => parseImageLayout({ imageLayoutVersion: '2.0.0' })).toThrow(
      'imageLayoutVersion: must be a 1.x.y layout version, got "2.0.0"',
    );
    expect(() => parseImageLayout({})).toThrow('imageLayoutVersion: missing');
  });

  it('places blobs by algorithm and hex', () => {
    const digest = digestOf('x');
    expect(layoutBlobPath(digest)).toBe(`blobs/sha256/${digest.slice(7)}`);
    expect(() => layoutBlobPath('sha256:../../etc')).toThrow('invalid digest');
  });
});
