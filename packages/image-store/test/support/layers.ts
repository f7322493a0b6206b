import { spawnSync } from 'node:child_process';
import { gzipSync } from 'node:zlib';

/** Entry kinds by tar typeflag. */
const TYPEFLAGS = {
  file: '0',
  link: '1',
  symlink: '2',
  'character-device': '3',
  'block-device': '4',
  directory: '5',
  fifo: '6',
} as const;

export interface TarEntry {
  name: string;
  type?: keyof typeof TYPEFLAGS;
  content?: Buffer | string;
  mode?: number;
  uid?: number;
  gid?: number;
  mtime?: Date;
  linkname?: string;
  devmajor?: number;
  devminor?: number;
  /** Extra PAX records (xattrs: `SCHILY.xattr.<name>`), written byte-exact. */
  pax?: Record<string, Buffer | string>;
  /** Write the header's size field as this instead of the content length (for broken tars). */
  sizeOverride?: number;
}

const BLOCK = 512;
export const FIXED_TIME = new Date('2024-05-06T07:08:09Z');

/**
 * A tar archive from explicit entries in the given order, fields exactly as asked (unsafe names
 * included, which is the point: real archivers refuse to write them). ustar headers, with a
 * PAX header in front when a name is long or extra records are given.
 */
export function tarOf(entries: readonly TarEntry[], options: { endMarker?: boolean } = {}): Buffer {
  const blocks: Buffer[] = [];
  for (const entry of entries) {
    const type = entry.type ?? 'file';
    const content = entry.content === undefined ? Buffer.alloc(0) : Buffer.from(entry.content);
    const records: Record<string, Buffer | string> = { ...(entry.pax ?? {}) };
    if (Buffer.byteLength(entry.name) > 99) records.path = entry.name;
    if (entry.linkname !== undefined && Buffer.byteLength(entry.linkname) > 99)
      records.linkpath = entry.linkname;
    if (Object.keys(records).length > 0) {
      const body = paxBody(records);
      blocks.push(header({ name: 'PaxHeader', typeflag: 'x', size: body.length, mode: 0o644 }), pad(body));
    }
    blocks.push(
      header({
        name: entry.name.slice(0, 99),
        typeflag: TYPEFLAGS[type],
        size: entry.sizeOverride ?? (type === 'file' ? content.length : 0),
        mode: entry.mode ?? (type === 'directory' ? 0o755 : 0o644),
        uid: entry.uid,
        gid: entry.gid,
        mtime: entry.mtime,
        linkname: entry.linkname?.slice(0, 99),
        devmajor: entry.devmajor,
        devminor: entry.devminor,
      }),
    );
    if (type === 'file') blocks.push(pad(content));
  }
  if (options.endMarker !== false) blocks.push(Buffer.alloc(2 * BLOCK));
  return Buffer.concat(blocks);
}

interface HeaderFields {
  name: string;
  typeflag: string;
  size: number;
  mode: number;
  uid?: number;
  gid?: number;
  mtime?: Date;
  linkname?: string;
  devmajor?: number;
  devminor?: number;
}

function header(fields: HeaderFields): Buffer {
  const block = Buffer.alloc(BLOCK);
  const octal = (value: number, offset: number, length: number) =>
    block.write(`${value.toString(8).padStart(length - 1, '0')}\0`, offset, length, 'latin1');
  block.write(fields.name, 0, 100, 'utf8');
  octal(fields.mode, 100, 8);
  octal(fields.uid ?? 0, 108, 8);
  octal(fields.gid ?? 0, 116, 8);
  octal(fields.size, 124, 12);
  octal(Math.floor((fields.mtime ?? FIXED_TIME).getTime() / 1000), 136, 12);
  block.write(fields.typeflag, 156, 1, 'latin1');
  block.write(fields.linkname ?? '', 157, 100, 'utf8');
  block.write('ustar\0', 257, 6, 'latin1');
  block.write('00', 263, 2, 'latin1');
  block.write('root', 265, 32, 'latin1');
  block.write('root', 297, 32, 'latin1');
  octal(fields.devmajor ?? 0, 329, 8);
  octal(fields.devminor ?? 0, 337, 8);
  block.fill(0x20, 148, 156);
  let sum = 0;
  for (const byte of block) sum += byte;
  block.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8, 'latin1');
  return block;
}

function pad(data: Buffer): Buffer {
  const rest = data.length % BLOCK;
  return rest === 0 ? data : Buffer.concat([data, Buffer.alloc(BLOCK - rest)]);
}

/** PAX records `<len> <key>=<value>\n`, len counting the whole record including itself. */
function paxBody(records: Record<string, Buffer | string>): Buffer {
  const parts: Buffer[] = [];
  for (const [key, value] of Object.entries(records)) {
    const body = Buffer.concat([Buffer.from(` ${key}=`), Buffer.from(value), Buffer.from('\n')]);
    let length = body.length + 1;
    while (String(length).length + body.length !== length) length = String(length).length + body.length;
    parts.push(Buffer.concat([Buffer.from(String(length)), body]));
  }
  return Buffer.concat(parts);
}

export function gzip(data: Buffer): Buffer {
  return gzipSync(data);
}

export function zstd(data: Buffer): Buffer {
  const result = spawnSync('zstd', ['-c', '-q', '-3'], { input: data, maxBuffer: 1 << 30 });
  if (result.status !== 0) throw new Error(`zstd failed: ${result.stderr.toString()}`);
  return result.stdout;
}
