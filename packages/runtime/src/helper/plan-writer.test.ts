import { PlanWriter } from './plan-writer';
import { Tag } from './plan-tags';

describe('PlanWriter', () => {
  it('writes length-prefixed records of NUL-terminated fields', () => {
    const buf = new PlanWriter()
      .add(Tag.Sysctl, 'net.ipv4.ip_forward', 1)
      .flag(Tag.NoPivot, false)
      .toBuffer();
    const body = Buffer.from('net.ipv4.ip_forward\u00001\u0000');
    expect(buf.readUInt32LE(0)).toBe(6 + body.length);
    expect(buf.readUInt16LE(4)).toBe(Tag.Sysctl);
    expect(buf.readUInt32LE(6)).toBe(body.length);
    expect(buf.subarray(10)).toEqual(body);
  });
});
