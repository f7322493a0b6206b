import { AddressUnavailableError, InvalidArgumentError, PoolExhaustedError } from '../errors';
import { Ipam } from './ipam';

describe('Ipam', () => {
  const make = (range = '10.9.0.0/29') => {
    const ipam = new Ipam();
    ipam.addNetwork('n', '10.9.0.0/29', range, '10.9.0.1');
    return ipam;
  };

  it('skips the gateway and hands out each address once', () => {
    const ipam = make();
    const got = Array.from({ length: 5 }, (_, i) => ipam.allocate('n', `c${i}`));
    expect(got).toEqual(['10.9.0.2', '10.9.0.3', '10.9.0.4', '10.9.0.5', '10.9.0.6']);
    expect(() => ipam.allocate('n', 'c5')).toThrow(PoolExhaustedError);
  });

  it('does not reuse a freed address immediately', () => {
    const ipam = make();
    const a = ipam.allocate('n', 'a');
    ipam.allocate('n', 'b');
    ipam.release('n', a);
    expect(ipam.allocate('n', 'c')).toBe('10.9.0.4');
  });

  it('honours and checks static addresses', () => {
    const ipam = make();
    expect(ipam.allocate('n', 'a', '10.9.0.5')).toBe('10.9.0.5');
    expect(() => ipam.allocate('n', 'b', '10.9.0.5')).toThrow(AddressUnavailableError);
    expect(() => ipam.allocate('n', 'b', '10.9.0.1')).toThrow(/gateway/);
    expect(() => ipam.allocate('n', 'b', '10.9.1.5')).toThrow(InvalidArgumentError);
  });

  it('continues after restored addresses', () => {
    const ipam = make();
    ipam.restore('n', '10.9.0.3', 'x');
    expect(ipam.allocate('n', 'y')).toBe('10.9.0.4');
    expect(ipam.allocated('n')).toEqual(
      new Map([
        ['10.9.0.3', 'x'],
        ['10.9.0.4', 'y'],
      ]),
    );
  });

  it('allocates only inside ip_range', () => {
    const ipam = new Ipam();
    ipam.addNetwork('n', '10.9.0.0/24', '10.9.0.128/25', '10.9.0.1');
    expect(ipam.allocate('n', 'a')).toBe('10.9.0.129');
  });
});
