import * as tarStream from 'tar-stream';

/** Prefix of the PAX records that carry extended attributes (GNU tar, Docker, Go's archive/tar). */
export const PAX_XATTR_PREFIX = 'SCHILY.xattr.';

/** The parser's per-instance state this module touches to decode PAX records losslessly. */
interface ExtractInternals {
  _header: { type: string };
  _pax: Record<string, string> | null;
  _paxGlobal: Record<string, string> | null;
  _decodeLongHeader(buf: Buffer): void;
}

/**
 * tar-stream's tar parser (pinned), with one change: PAX records are decoded byte-exactly.
 * tar-stream decodes every PAX value as UTF-8, which corrupts binary xattr values such as
 * `security.capability` (bytes >= 0x80). Here xattr values are kept as latin1 strings (one char
 * per byte, so `Buffer.from(value, 'latin1')` restores them); other values stay UTF-8.
 */
export function createTarReader(): tarStream.Extract {
  const extract = tarStream.extract();
  const internals = extract as unknown as ExtractInternals;
  const decodeOther = internals._decodeLongHeader.bind(extract);
  internals._decodeLongHeader = (buf: Buffer) => {
    switch (internals._header.type) {
      case 'pax-global-header':
        internals._paxGlobal = decodePaxRecords(buf);
        return;
      case 'pax-header':
        internals._pax = { ...(internals._paxGlobal ?? {}), ...decodePaxRecords(buf) };
        return;
      default:
        decodeOther(buf);
    }
  };
  return extract;
}

/** PAX extended header records: `<length> <key>=<value>\n`, length counting the whole record. */
export function decodePaxRecords(buf: Buffer): Record<string, string> {
  const result: Record<string, string> = {};
  let rest = buf;
  while (rest.length > 0) {
    const space = rest.indexOf(0x20);
    if (space <= 0) break;
    const length = Number.parseInt(rest.subarray(0, space).toString('latin1'), 10);
    if (!Number.isInteger(length) || length <= space || length > rest.length) break;
    const record = rest.subarray(space + 1, length - 1); // without the trailing newline
    const equals = record.indexOf(0x3d);
    if (equals >= 0) {
      const key = record.subarray(0, equals).toString('utf8');
      const value = record.subarray(equals + 1);
      result[key] = value.toString(key.startsWith(PAX_XATTR_PREFIX) ? 'latin1' : 'utf8');
    }
    rest = rest.subarray(length);
  }
  return result;
}

/** Extended attributes of an entry, names to raw values. */
export function entryXattrs(pax: unknown): Map<string, Buffer> {
  const result = new Map<string, Buffer>();
  if (!pax || typeof pax !== 'object') return result;
  for (const [key, value] of Object.entries(pax as Record<string, string>)) {
    if (key.startsWith(PAX_XATTR_PREFIX))
      result.set(key.slice(PAX_XATTR_PREFIX.length), Buffer.from(value, 'latin1'));
  }
  return result;
}
