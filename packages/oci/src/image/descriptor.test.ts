import { digestOf } from '../digest/digest';
import { OciValidationError } from '../errors';
import { MediaTypes } from '../media-types';
import { parseDescriptor } from './descriptor';

const config = '{"architecture":"amd64","os":"linux"}';

function valid(): Record<string, unknown> {
  return { mediaType: MediaTypes.OciConfig, digest: digestOf(config), size: config.length };
}

function issues(json: unknown): string[] {
  try {
    parseDescriptor(json);
  } catch (error) {
    return (error as OciValidationError).issues.map((i) => `${i.path}: ${i.message}`);
  }
  throw new Error('expected a validation error');
}

describe('parseDescriptor', () => {
  it('accepts a full descriptor', () => {
    const descriptor = {
      ...valid(),
      urls: ['https://example.com/blob'],
      annotations: { 'org.opencontainers.image.title': 'config' },
      data: Buffer.from(config).toString('base64'),
      platform: { architecture: 'arm64', os: 'linux', variant: 'v8', 'os.features': ['x'] },
      artifactType: 'application/vnd.example+type',
    };
    expect(parseDescriptor(descriptor)).toEqual(descriptor);
  });

  it('names every broken field', () => {
    expect(
      issues({
        mediaType: 'not a type',
        digest: 'sha256:xyz',
        size: -1,
        urls: ['::'],
        platform: { os: 'linux' },
      }),
    ).toEqual([
      'mediaType: must be a media type like "application/json", got "not a type"',
      'digest: invalid digest "sha256:xyz": sha256 value must be hexadecimal',
      'size: must be >= 0, got -1',
      'urls[0]: must be a URL, got "::"',
      'platform.architecture: missing',
    ]);
  });

  it('checks embedded data against size and digest', () => {
    expect(issues({ ...valid(), data: Buffer.from('other').toString('base64') })).toEqual([
      `data: decodes to 5 bytes but size is ${config.length}`,
    ]);
    const sameSize = config.replace('amd64', 'arm64');
    expect(issues({ ...valid(), data: Buffer.from(sameSize).toString('base64') })).toEqual([
      `data: content digest ${digestOf(sameSize)} does not match ${digestOf(config)}`,
    ]);
    expect(issues({ ...valid(), data: 'not base64!' })).toEqual([
      'data: must be base64 (RFC 4648), got "not base64!"',
    ]);
  });
});
