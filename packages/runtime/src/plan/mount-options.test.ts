import { MS, parseMountOptions, propagationFlags } from './mount-options';

describe('parseMountOptions', () => {
  it('turns flags on and off in order and keeps filesystem data', () => {
    const parsed = parseMountOptions(['nosuid', 'ro', 'rw', 'mode=755', 'size=65536k']);
    expect(parsed.flags).toBe(MS.NOSUID);
    expect(parsed.data).toBe('mode=755,size=65536k');
  });

  it('separates propagation, recursive attributes and extensions', () => {
    const parsed = parseMountOptions(['rbind', 'rslave', 'rro', 'rnoatime', 'tmpcopyup']);
    expect(parsed.flags).toBe(MS.BIND | MS.REC);
    expect(parsed.propagation).toBe(MS.SLAVE | MS.REC);
    expect(parsed.attrSet).toBe(0x1 | 0x10);
    expect(parsed.attrClr).toBe(0x70);
    expect(parsed.extensions).toEqual(['tmpcopyup']);
  });

  it('keeps idmap and ridmap as extensions for the idmapped mount record', () => {
    expect(parseMountOptions(['rbind', 'ridmap']).extensions).toEqual(['ridmap']);
  });

  it('sends words named like inherited object properties to the filesystem', () => {
    const parsed = parseMountOptions(['toString', 'constructor', '__proto__']);
    expect(parsed).toMatchObject({ flags: 0, propagation: 0, attrSet: 0, attrClr: 0 });
    expect(parsed.data).toBe('toString,constructor,__proto__');
  });
});

describe('propagationFlags', () => {
  it('gives the flags of a propagation word, as for linux.rootfsPropagation, and nothing for others', () => {
    expect(propagationFlags('rprivate')).toBe(MS.PRIVATE | MS.REC);
    expect(propagationFlags('unbindable')).toBe(MS.UNBINDABLE);
    expect(propagationFlags('ro')).toBeUndefined();
    expect(propagationFlags('toString')).toBeUndefined();
  });
});
