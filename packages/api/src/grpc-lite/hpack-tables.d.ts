// hpack.js ships RFC 7541's two tables as plain data modules without types.
declare module 'hpack.js/lib/hpack/huffman.js' {
  /** Per symbol 0..256 (256 is EOS): [code length in bits, code]. */
  export const encode: ReadonlyArray<readonly [number, number]>;
}
declare module 'hpack.js/lib/hpack/static-table.js' {
  /** The static table, index 1 first. */
  export const table: ReadonlyArray<{ readonly name: string; readonly value: string }>;
}
