import { encodeHeaders, HpackDecoder, HpackError } from './hpack';

const hex = (text: string) => Buffer.from(text.replace(/\s+/g, ''), 'hex');

describe('HpackDecoder', () => {
  it('decodes RFC 7541 C.4: requests with Huffman strings sharing the dynamic table', () => {
    const decoder = new HpackDecoder();
    expect(decoder.decode(hex('8286 8441 8cf1 e3c2 e5f2 3a6b a0ab 90f4 ff'))).toEqual([
      [':method', 'GET'],
      [':scheme', 'http'],
      [':path', '/'],
      [':authority', 'www.example.com'],
    ]);
    // The second request refers to :authority by its dynamic index (62) and adds cache-control.
    expect(decoder.decode(hex('8286 84be 5886 a8eb 1064 9cbf'))).toEqual([
      [':method', 'GET'],
      [':scheme', 'http'],
      [':path', '/'],
      [':authority', 'www.example.com'],
      ['cache-control', 'no-cache'],
    ]);
  });

  it('evicts the oldest entries past a size update and refuses sizes over its limit', () => {
    const decoder = new HpackDecoder(4096);
    decoder.decode(Buffer.concat([Buffer.from([0x40]), encodeHeaders([['x-a', 'one']]).subarray(1)]));
    expect(decoder.decode(Buffer.from([0xbe]))).toEqual([['x-a', 'one']]);
    // Size 0 empties the table: index 62 is gone.
    expect(() => decoder.decode(Buffer.from([0x20, 0xbe]))).toThrow(HpackError);
    expect(() => new HpackDecoder(100).decode(Buffer.from([0x3f, 0xe1, 0x1f]))).toThrow(/over the limit/);
  });

  it('round-trips what encodeHeaders writes, and rejects truncated or invalid blocks', () => {
    const headers: Array<[string, string]> = [
      [':path', '/berth.engine.v1.Containers/CreateContainer'],
      ['x-long', 'v'.repeat(300)],
    ];
    expect(new HpackDecoder().decode(encodeHeaders(headers))).toEqual(headers);
    expect(() => new HpackDecoder().decode(encodeHeaders(headers).subarray(0, 20))).toThrow(/truncated/);
    expect(() => new HpackDecoder().decode(Buffer.from([0x80]))).toThrow(/index 0/);
    expect(() => new HpackDecoder().decode(Buffer.from([0xff, 0x10]))).toThrow(/past the tables/);
    // A Huffman string whose padding is not all ones.
    expect(() => new HpackDecoder().decode(Buffer.from([0x00, 0x81, 0x00, 0x81, 0x00]))).toThrow(/Huffman/);
  });
});
