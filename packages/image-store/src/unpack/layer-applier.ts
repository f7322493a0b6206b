import {
  chmodSync,
  closeSync,
  fchmodSync,
  fchownSync,
  futimesSync,
  lchownSync,
  linkSync,
  lutimesSync,
  mkdirSync,
  openSync,
  rmSync,
  symlinkSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';

import { currentUmask } from './umask';

import type { Header } from 'tar-stream';

import { LayerFormatError, LayerTooLargeError, UnsafeLayerEntryError } from '../errors';
import { entryPathComponents } from './entry-path';
import { FILE_WRITER_BATCH_BYTES, FileWriter } from './file-writer';
import { lstatOrUndefined, SnapshotPathResolver } from './safe-resolver';
import { makeDeviceNode, makeFifo, setXattr } from './special-files';
import { entryXattrs } from './tar-reader';
import { classifyWhiteout, isOverlayWhiteout, OVERLAY_OPAQUE_XATTR } from './whiteout';

export interface LayerApplierOptions {
  /** The snapshot's (empty) upper directory. */
  root: string;
  /** Refuse layers whose regular files add up to more than this many bytes (tar bombs). */
  maxBytes?: number;
}

/** xattr namespaces a layer may set; `system.*` (ACLs) and others are skipped like containerd does. */
const ALLOWED_XATTR_PREFIXES = ['user.', 'trusted.', 'security.'];

/**
 * Applies tar entries to one overlayfs upper directory with OCI layer semantics: whiteouts
 * become overlay whiteouts (char 0:0), opaque markers the overlay opaque xattr, and every path
 * is resolved beneath the root without following symlinks. Entries are applied one at a time,
 * in archive order; directory mtimes are set at the end, once nothing is added below them.
 */
export class LayerApplier {
  readonly resolver: SnapshotPathResolver;
  /** Paths this layer created: same-layer whiteouts must not hide them (layer.md). */
  private readonly created = new Set<string>();
  /** Overlay whiteouts this layer made. */
  private readonly whitedOut = new Set<string>();
  private readonly directoryTimes: Array<{ path: string; atime: Date; mtime: Date }> = [];
  private fileBytes = 0;
  /** Who we create files as, and what the umask takes away: chown/chmod are skipped when they would change nothing. */
  private readonly ownUid = process.getuid?.() ?? 0;
  private readonly ownGid = process.getgid?.() ?? 0;
  private readonly umask = currentUmask();
  /** Creates small regular files on its own thread; `pendingFiles` are queued there, not yet on disk. */
  private readonly writer = new FileWriter();
  private readonly pendingFiles = new Set<string>();

  constructor(private readonly options: LayerApplierOptions) {
    this.resolver = new SnapshotPathResolver(options.root);
  }

  /** `content` is the entry's body: all of it as slices, or a stream to read to its end. */
  async apply(header: Header, content: EntryBody): Promise<void> {
    const name = header.name;
    const components = entryPathComponents(name);
    const base = components[components.length - 1];
    if (base === undefined) {
      // The archive's root ("./"): the snapshot root keeps the parent's metadata.
      await drain(content);
      return;
    }
    const relative = components.join('/');
    const parentRelative = components.length > 1 ? relative.slice(0, relative.length - base.length - 1) : '';
    // A parent known to be a directory has no queued file above it; any other parent the resolver
    // must look at may be a file still queued: it must exist first.
    let parent = this.resolver.knownParent(parentRelative);
    if (parent === undefined && this.pendingFiles.size > 0 && this.hasPendingParent(components)) {
      await this.drain();
    }
    const whiteout = classifyWhiteout(base);
    if (whiteout) {
      await drain(content);
      if (whiteout.kind === 'opaque') this.markOpaque(components.slice(0, -1), name);
      else if (whiteout.kind === 'file') this.whiteOut([...components.slice(0, -1), whiteout.name], name);
      return;
    }
    parent ??= this.resolver.parentOf(components, name);
    const target = `${parent}/${base}`;
    const replacedWhiteout = await this.clearFor(target, relative, header.type === 'directory');
    this.created.add(relative);

    switch (header.type) {
      case 'file':
      case 'contiguous-file':
        await this.writeFile(target, relative, header, content, name);
        return;
      case 'directory':
        await drain(content);
        mkdirSync(target, { mode: 0o700, recursive: true });
        this.resolver.remember(relative);
        // A directory replacing a whiteout of this layer's parent view must keep hiding what the
        // whiteout hid: the lower directory's old contents stay deleted.
        if (replacedWhiteout) setXattr(target, OVERLAY_OPAQUE_XATTR, Buffer.from('y'), name);
        break;
      case 'symlink':
        await drain(content);
        symlinkSync(header.linkname, target);
        break;
      case 'link':
        await drain(content);
        await this.drain(); // its target may still be queued
        this.hardlink(target, header.linkname, name);
        return; // the link shares its target's inode and metadata
      case 'character-device':
      case 'block-device':
        await drain(content);
        makeDeviceNode(
          target,
          header.type === 'block-device' ? 'b' : 'c',
          header.devmajor,
          header.devminor,
          name,
        );
        break;
      case 'fifo':
        await drain(content);
        makeFifo(target, name);
        break;
      default:
        throw new LayerFormatError(`entry "${name}" has unsupported type ${String(header.type)}`);
    }
    this.applyMetadata(target, header, name);
  }

  /** Sets directory times last, deepest first, since creating children changes them. */
  async finish(): Promise<void> {
    await this.drain();
    for (const { path, atime, mtime } of this.directoryTimes.reverse()) lutimesSync(path, atime, mtime);
  }

  /** Waits for queued files (failures included) and stops the writer thread; call once, always. */
  async close(): Promise<void> {
    await this.writer.close();
  }

  private async drain(): Promise<void> {
    await this.writer.drain();
    this.pendingFiles.clear();
  }

  private hasPendingParent(components: readonly string[]): boolean {
    let relative = '';
    for (let i = 0; i < components.length - 1; i++) {
      relative = i === 0 ? components[0]! : `${relative}/${components[i]}`;
      if (this.pendingFiles.has(relative)) return true;
    }
    return false;
  }

  private async writeFile(
    target: string,
    relative: string,
    header: Header,
    content: EntryBody,
    name: string,
  ): Promise<void> {
    this.fileBytes += header.size;
    if (this.options.maxBytes !== undefined && this.fileBytes > this.options.maxBytes) {
      throw new LayerTooLargeError(this.options.maxBytes, name);
    }
    const { uid, gid, mode, atime, mtime } = entryMetadata(header);
    // chown/chmod only when they change something (most files are root's, with modes the
    // umask leaves alone).
    const owner = uid !== this.ownUid || gid !== this.ownGid ? { uid, gid } : undefined;
    const chmod = (mode & 0o7000) !== 0 || (mode & this.umask) !== 0 ? mode & 0o7777 : undefined;
    const xattrs = entryXattrs(header.pax);
    if (header.size <= FILE_WRITER_BATCH_BYTES && xattrs.size === 0) {
      const chunks: Buffer[] = Array.isArray(content) ? content : [];
      let length = Array.isArray(content) ? header.size : 0;
      if (!Array.isArray(content)) {
        for await (const chunk of content) {
          chunks.push(chunk);
          length += chunk.length;
        }
      }
      await this.writer.add(
        { path: target, mode: mode & 0o777, owner, chmod, atime: seconds(atime), mtime: seconds(mtime) },
        chunks,
        length,
      );
      this.pendingFiles.add(relative);
      return;
    }
    // Metadata goes through the descriptor: no path lookups.
    const fd = openSync(target, 'wx', mode & 0o777);
    try {
      for await (const chunk of content) writeSync(fd, chunk);
      if (owner) fchownSync(fd, uid, gid);
      if (chmod !== undefined) fchmodSync(fd, chmod);
      futimesSync(fd, atime, mtime);
    } finally {
      closeSync(fd);
    }
    this.applyXattrs(target, header, name);
  }

  private hardlink(target: string, linkname: string, name: string): void {
    const components = entryPathComponents(linkname, 'hardlink target');
    if (components.length === 0) throw new UnsafeLayerEntryError(name, 'hardlink target is the layer root');
    const source = this.resolver.existing(components, name);
    const stats = lstatOrUndefined(source);
    if (!stats) throw new UnsafeLayerEntryError(name, `hardlink target "${linkname}" is not in this layer`);
    if (stats.isDirectory())
      throw new UnsafeLayerEntryError(name, `hardlink target "${linkname}" is a directory`);
    linkSync(source, target);
  }

  /**
   * Removes what is at `target` unless it is a directory being re-declared as one (tar
   * semantics: later entries replace earlier ones; directories merge). Reports whether an
   * overlay whiteout was replaced.
   */
  private async clearFor(target: string, relative: string, isDirectory: boolean): Promise<boolean> {
    // The upper directory starts empty: only what this layer made can be in the way, which
    // spares an lstat for nearly every entry.
    if (
      !this.created.has(relative) &&
      !this.whitedOut.has(relative) &&
      !this.resolver.implicitDirs.has(relative)
    ) {
      return false;
    }
    if (this.pendingFiles.has(relative)) await this.drain();
    const existing = lstatOrUndefined(target);
    if (!existing) return false;
    if (existing.isDirectory() && isDirectory) return false;
    rmSync(target, { recursive: true, force: true });
    this.resolver.forget(relative);
    return isOverlayWhiteout(existing);
  }

  private markOpaque(dirComponents: string[], name: string): void {
    const dir = join(this.resolver.parentOf([...dirComponents, ''], name));
    setXattr(dir, OVERLAY_OPAQUE_XATTR, Buffer.from('y'), name);
  }

  private whiteOut(components: string[], name: string): void {
    const whiteoutName = components[components.length - 1];
    if (whiteoutName === '' || whiteoutName === '.' || whiteoutName === '..' || whiteoutName === undefined) {
      throw new UnsafeLayerEntryError(name, 'whiteout names no file');
    }
    const relative = components.join('/');
    // layer.md: a whiteout only hides content of lower layers, never entries of its own layer.
    if (this.created.has(relative)) return;
    const target = join(this.resolver.parentOf(components, name), whiteoutName);
    if (lstatOrUndefined(target)) {
      rmSync(target, { recursive: true, force: true });
      this.resolver.forget(relative);
    }
    makeDeviceNode(target, 'c', 0, 0, name);
    this.whitedOut.add(relative);
  }

  private applyMetadata(target: string, header: Header, name: string): void {
    const { uid, gid, mode, atime, mtime } = entryMetadata(header);
    if (uid !== this.ownUid || gid !== this.ownGid) lchownSync(target, uid, gid);
    // After chown, which clears setuid/setgid bits. Nodes are created 0600/0700, so always.
    if (header.type !== 'symlink') chmodSync(target, mode & 0o7777);
    this.applyXattrs(target, header, name);
    if (header.type === 'directory') this.directoryTimes.push({ path: target, atime, mtime });
    else lutimesSync(target, atime, mtime);
  }

  private applyXattrs(target: string, header: Header, name: string): void {
    for (const [xattr, value] of entryXattrs(header.pax)) {
      if (!ALLOWED_XATTR_PREFIXES.some((prefix) => xattr.startsWith(prefix))) continue;
      setXattr(target, xattr, value, name);
    }
  }
}

function seconds(date: Date): number {
  return date.getTime() / 1000;
}

/** Owner, mode and times of an entry; PAX records (large ids, sub-second times) win over the ustar fields. */
function entryMetadata(header: Header): { uid: number; gid: number; mode: number; atime: Date; mtime: Date } {
  const pax = (header.pax ?? {}) as Record<string, string>;
  const mtime = pax.mtime !== undefined ? new Date(Number(pax.mtime) * 1000) : header.mtime;
  return {
    uid: pax.uid !== undefined ? Number(pax.uid) : header.uid,
    gid: pax.gid !== undefined ? Number(pax.gid) : header.gid,
    mode: header.mode,
    atime: pax.atime !== undefined ? new Date(Number(pax.atime) * 1000) : mtime,
    mtime,
  };
}

/** An entry's body as the tar parser gives it. */
export type EntryBody = Buffer[] | AsyncIterable<Buffer>;

async function drain(content: EntryBody): Promise<void> {
  if (Array.isArray(content)) return;
  for await (const _chunk of content) {
    // skip
  }
}
