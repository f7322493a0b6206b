import { InvalidArgumentError } from '../errors';
import { formatIPv4, parseIPv4 } from './ipv4';

/** An IPv4 prefix such as 10.88.0.0/16, always normalised (no host bits set). */
export class Cidr {
  private constructor(
    /** The network address as an unsigned integer. */
    readonly base: number,
    readonly prefix: number,
  ) {}

  /** Parses "a.b.c.d/n"; `field` names the input in errors. Host bits must be zero. */
  static parse(text: string, field: string): Cidr {
    const match = /^([^/]+)\/(\d{1,2})$/.exec(text.trim());
    if (!match) throw new InvalidArgumentError(`${field}: ${JSON.stringify(text)} is not a CIDR (a.b.c.d/n)`);
    const address = parseIPv4(match[1], field);
    const prefix = Number(match[2]);
    if (prefix > 32) throw new InvalidArgumentError(`${field}: prefix /${prefix} is longer than 32`);
    const cidr = new Cidr(address - (address % 2 ** (32 - prefix)), prefix);
    if (cidr.base !== address) {
      throw new InvalidArgumentError(`${field}: ${text} has host bits set; did you mean ${cidr.toString()}?`);
    }
    return cidr;
  }

  /** The prefix of length `prefix` that contains `address`. */
  static containing(address: number, prefix: number): Cidr {
    return new Cidr(address - (address % 2 ** (32 - prefix)), prefix);
  }

  get size(): number {
    return 2 ** (32 - this.prefix);
  }

  /** The last address (the broadcast address for prefixes up to /30). */
  get last(): number {
    return this.base + this.size - 1;
  }

  contains(address: number): boolean {
    return address >= this.base && address <= this.last;
  }

  covers(other: Cidr): boolean {
    return other.base >= this.base && other.last <= this.last;
  }

  overlaps(other: Cidr): boolean {
    return this.base <= other.last && other.base <= this.last;
  }

  /** Usable host addresses: all but the network and broadcast addresses (except /31 and /32). */
  get firstHost(): number {
    return this.prefix >= 31 ? this.base : this.base + 1;
  }

  get lastHost(): number {
    return this.prefix >= 31 ? this.last : this.last - 1;
  }

  /** The consecutive prefixes of length `prefix` inside this one, in address order. */
  *subnets(prefix: number): Generator<Cidr> {
    if (prefix < this.prefix) return;
    const step = 2 ** (32 - prefix);
    for (let base = this.base; base <= this.last; base += step) yield new Cidr(base, prefix);
  }

  toString(): string {
    return `${formatIPv4(this.base)}/${this.prefix}`;
  }
}
