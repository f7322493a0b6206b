import { digestOf } from '../digest/digest';
import { InvalidReferenceError } from '../errors';
import { familiarString, formatReference, parseReference, withDefaultTag } from './reference';

const DIGEST = digestOf('manifest');

describe('parseReference', () => {
  it.each([
    ['nginx', 'docker.io', 'library/nginx', undefined, undefined, 'nginx'],
    ['nginx:1.25', 'docker.io', 'library/nginx', '1.25', undefined, 'nginx'],
    ['user/repo', 'docker.io', 'user/repo', undefined, undefined, 'user/repo'],
    ['docker.io/library/nginx:1.25', 'docker.io', 'library/nginx', '1.25', undefined, 'nginx'],
    ['index.docker.io/library/nginx', 'docker.io', 'library/nginx', undefined, undefined, 'nginx'],
    ['docker.io/nginx', 'docker.io', 'library/nginx', undefined, undefined, 'nginx'],
    ['docker.io/library/a/b', 'docker.io', 'library/a/b', undefined, undefined, 'library/a/b'],
    [`localhost:5000/a/b@${DIGEST}`, 'localhost:5000', 'a/b', undefined, DIGEST, 'localhost:5000/a/b'],
    ['localhost/app', 'localhost', 'app', undefined, undefined, 'localhost/app'],
    ['ghcr.io/o/r:v1', 'ghcr.io', 'o/r', 'v1', undefined, 'ghcr.io/o/r'],
    ['[::1]:5000/img', '[::1]:5000', 'img', undefined, undefined, '[::1]:5000/img'],
    [`nginx:1.25@${DIGEST}`, 'docker.io', 'library/nginx', '1.25', DIGEST, 'nginx'],
    ['a.b-c/d__e', 'a.b-c', 'd__e', undefined, undefined, 'a.b-c/d__e'],
    ['my-org/my_app.v2', 'docker.io', 'my-org/my_app.v2', undefined, undefined, 'my-org/my_app.v2'],
  ])('parses %s', (input, domain, path, tag, digest, familiarName) => {
    const ref = parseReference(input);
    expect(ref).toEqual({
      domain,
      path,
      ...(tag === undefined ? {} : { tag }),
      ...(digest === undefined ? {} : { digest }),
      name: `${domain}/${path}`,
      familiarName,
    });
  });

  it.each([
    ['', 'empty reference'],
    ['Nginx', 'repository name must be lowercase'],
    ['docker.io/Library/nginx', 'repository name must be lowercase'],
    ['nginx:', 'invalid tag ""'],
    ['nginx:-bad', 'invalid tag "-bad"'],
    [`nginx:${'t'.repeat(129)}`, `invalid tag "${'t'.repeat(129)}"`],
    ['nginx@sha256:xyz', 'invalid digest "sha256:xyz"'],
    ['a//b', 'invalid repository name'],
    ['-bad/x', 'invalid repository name "-bad/x"'],
    ['bad_host.io:port/x', 'invalid registry host "bad_host.io:port"'],
    ['a'.repeat(64), 'a 64-character hexadecimal string is an image ID'],
    [`example.com/${'a'.repeat(256)}`, 'repository name must not be more than 255 characters'],
    [':tag', 'missing repository name'],
  ])('refuses %j', (input, why) => {
    expect(() => parseReference(input)).toThrow(InvalidReferenceError);
    expect(() => parseReference(input)).toThrow(`invalid reference ${JSON.stringify(input)}: ${why}`);
  });
});

describe('repository name length', () => {
  it('limits the path, not the registry host', () => {
    expect(parseReference(`example.com/${'a'.repeat(255)}:tag`).path).toHaveLength(255);
  });
});

describe('reference formatting', () => {
  it('formats the full and the familiar form', () => {
    const ref = parseReference('nginx:1.25');
    expect(formatReference(ref)).toBe('docker.io/library/nginx:1.25');
    expect(familiarString(ref)).toBe('nginx:1.25');
    const pinned = parseReference(`localhost:5000/a/b:v1@${DIGEST}`);
    expect(formatReference(pinned)).toBe(`localhost:5000/a/b:v1@${DIGEST}`);
    expect(familiarString(pinned)).toBe(`localhost:5000/a/b:v1@${DIGEST}`);
  });

  it('adds :latest only to a bare name', () => {
    expect(formatReference(withDefaultTag(parseReference('nginx')))).toBe('docker.io/library/nginx:latest');
    expect(familiarString(withDefaultTag(parseReference('nginx')))).toBe('nginx:latest');
    expect(withDefaultTag(parseReference('nginx:1')).tag).toBe('1');
    expect(withDefaultTag(parseReference(`nginx@${DIGEST}`)).tag).toBeUndefined();
    expect(withDefaultTag(parseReference('user/repo'), 'stable').tag).toBe('stable');
    expect(() => withDefaultTag(parseReference('user/repo'), '.bad')).toThrow('invalid tag ".bad"');
  });
});
