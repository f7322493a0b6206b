import * as oci from './index';

describe('@berth/oci public API', () => {
  it('exports every parser and helper the other packages use', () => {
    const functions = [
      'parseSpec',
      'parseState',
      'parseFeatures',
      'parseManifest',
      'parseIndex',
      'parseImageConfig',
      'parseDescriptor',
      'parseImageLayout',
      'parseManifestDocument',
      'detectManifestKind',
      'parseDigest',
      'digestOf',
      'encodedHex',
      'createDigester',
      'verifyStream',
      'isManifest',
      'isIndex',
      'isLayer',
      'layerCompression',
      'parsePlatform',
      'formatPlatform',
      'hostPlatform',
      'normalizePlatform',
      'platformMatches',
      'selectManifests',
      'parseReference',
      'formatReference',
      'familiarString',
      'withDefaultTag',
      'parseErrorResponse',
      'parseTagList',
      'parseCatalog',
      'parseReferrersIndex',
    ] as const;
    for (const name of functions) expect(typeof oci[name]).toBe('function');
    for (const name of [
      'OciError',
      'OciValidationError',
      'DigestMismatchError',
      'SizeMismatchError',
      'UnsupportedManifestError',
      'DigestVerifyingStream',
    ] as const) {
      expect(typeof oci[name]).toBe('function');
    }
    expect(oci.MediaTypes.OciManifest).toBe('application/vnd.oci.image.manifest.v1+json');
    expect(oci.NAMESPACE_TYPES).toContain('time');
  });
});
