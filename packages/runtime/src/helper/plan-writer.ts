import type { TagValue } from './plan-tags';

type Field = string | number | bigint | boolean;

/**
 * Builds the helper's plan: records of u16 tag, u32 length, bytes. Strings and numbers are
 * written as NUL-terminated text; a compound record holds several such fields.
 */
export class PlanWriter {
  private readonly chunks: Buffer[] = [];

  /** One record of NUL-terminated text fields. */
  add(tag: TagValue, ...fields: Field[]): this {
    const body = Buffer.from(fields.map((f) => `${typeof f === 'boolean' ? (f ? 1 : 0) : f}\0`).join(''));
    return this.addBytes(tag, body);
  }

  /** A flag record: present means yes. */
  flag(tag: TagValue, on: boolean | undefined): this {
    return on ? this.add(tag, '1') : this;
  }

  addBytes(tag: TagValue, body: Buffer): this {
    const head = Buffer.alloc(6);
    head.writeUInt16LE(tag, 0);
    head.writeUInt32LE(body.length, 2);
    this.chunks.push(head, body);
    return this;
  }

  /** The whole plan, prefixed by its u32 length. */
  toBuffer(): Buffer {
    const body = Buffer.concat(this.chunks);
    const len = Buffer.alloc(4);
    len.writeUInt32LE(body.length, 0);
    return Buffer.concat([len, body]);
  }
}
