import { digestOf } from '../digest/digest';
import { MediaTypes } from '../media-types';
import {
  distributionErrorStatus,
  parseCatalog,
  parseErrorResponse,
  parseReferrersIndex,
  parseTagList,
} from './distribution';

describe('distribution documents', () => {
  it('parses error responses, keeping unknown codes and free-form detail', () => {
    const body = {
      errors: [
        { code: 'MANIFEST_UNKNOWN', message: 'manifest unknown', detail: { Tag: 'nope' } },
        { code: 'VENDOR_SPECIFIC' },
      ],
    };
    expect(parseErrorResponse(body)).toEqual(body);
    expect(() => parseErrorResponse({ errors: [{ message: 'x' }] })).toThrow('errors[0].code: missing');
  });

  it('maps registry codes to Berth error codes', () => {
    expect(distributionErrorStatus('MANIFEST_UNKNOWN')).toBe('NotFound');
    expect(distributionErrorStatus('BLOB_UNKNOWN')).toBe('NotFound');
    expect(distributionErrorStatus('UNAUTHORIZED')).toBe('PermissionDenied');
    expect(distributionErrorStatus('DENIED')).toBe('PermissionDenied');
    expect(distributionErrorStatus('TOOMANYREQUESTS')).toBe('Unavailable');
    expect(distributionErrorStatus('DIGEST_INVALID')).toBe('InvalidArgument');
    expect(distributionErrorStatus('SOMETHING_NEW')).toBe('Internal');
  });

  it('parses tag lists and catalogs, reading null lists as empty', () => {
    expect(parseTagList({ name: 'library/nginx', tags: ['1.25', 'latest'] }).tags).toEqual([
      '1.25',
      'latest',
    ]);
    expect(parseTagList({ name: 'library/nginx', tags: null }).tags).toEqual([]);
    expect(parseCatalog({ repositories: ['a', 'b/c'] }).repositories).toEqual(['a', 'b/c']);
    expect(() => parseCatalog({ repositories: [1] })).toThrow(
      'repositories[0]: must be a string, got number 1',
    );
  });

  it('parses referrers indexes', () => {
    const referrers = {
      schemaVersion: 2,
      mediaType: MediaTypes.OciIndex,
      manifests: [
        {
          mediaType: MediaTypes.OciManifest,
          digest: digestOf('sbom'),
          size: 4,
          artifactType: 'application/vnd.example.sbom.v1',
          annotations: { 'org.opencontainers.image.created': '2026-11-23T00:00:00Z' },
        },
      ],
    };
    expect(parseReferrersIndex(referrers)).toEqual(referrers);
  });
});
