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
  // Offsets into `buf` rather than slices of it: layers carry a PAX header for most entries.
  const result: Record<string, string> = {};
  for (let at = 0; at < buf.length;) {
    const space = buf.indexOf(0x20, at);
    if (space <= at) break;
    const length = Number.parseInt(buf.toString('latin1', at, space), 10);
    if (!Number.isInteger(length) || length <= space - at || at + length > buf.length) break;
    const end = at + length - 1; // without the trailing newline
    const equals = buf.indexOf(0x3d, space + 1);
    if (equals >= 0 && equals < end) {
      const key = buf.toString('utf8', space + 1, equals);
      result[key] = buf.toString(key.startsWith(PAX_XATTR_PREFIX) ? 'latin1' : 'utf8', equals + 1, end);
    }
    at += length;
  }
  return result;
}

/** Extended attributes of an entry, names to raw values. */
export function entryXattrs(pax: unknown): ReadonlyMap<string, Buffer> {
  // Called for every entry, most of which have none: no Map or entries array for those.
  let result: Map<string, Buffer> | undefined;
  if (pax && typeof pax === 'object') {
    const records = pax as Record<string, string>;
    for (const key in records) {
      if (!key.startsWith(PAX_XATTR_PREFIX)) continue;
      result ??= new Map();
      result.set(key.slice(PAX_XATTR_PREFIX.length), Buffer.from(records[key]!, 'latin1'));
    }
  }
  return result ?? NO_XATTRS;
}

const NO_XATTRS: ReadonlyMap<string, Buffer> = new Map();
