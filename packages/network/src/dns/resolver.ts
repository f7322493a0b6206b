import * as dnsPacket from 'dns-packet';
import type { DnsRecords } from './records';

/** rcode values used here (RFC 1035 §4.1.1). */
const NOERROR = 0;
const SERVFAIL = 2;
const NXDOMAIN = 3;

/** Names answered from Berth's records; everything else is forwarded upstream. */
export type LocalAnswer = { kind: 'local'; response: Buffer } | { kind: 'forward' };

function respond(query: dnsPacket.DecodedPacket, rcode: number, answers: dnsPacket.Answer[]): Buffer {
  const recursionDesired = (query.flags ?? 0) & dnsPacket.RECURSION_DESIRED;
  return dnsPacket.encode({
    type: 'response',
    id: query.id,
    flags: dnsPacket.AUTHORITATIVE_ANSWER | dnsPacket.RECURSION_AVAILABLE | recursionDesired | rcode,
    questions: query.questions,
    answers,
  });
}

/** A SERVFAIL for a query whose upstreams all failed (or that could not be handled). */
export function servfail(query: Buffer): Buffer | undefined {
  try {
    return respond(dnsPacket.decode(query), SERVFAIL, []);
  } catch {
    return undefined;
  }
}

/**
 * Decides one query against the records visible to the asker. Names under `domain` and bare
 * container names are answered here (A; AAAA gets an empty answer as networks are IPv4; unknown
 * names under the domain get NXDOMAIN); PTR for container addresses likewise; the rest is forwarded.
 */
export function answerLocally(
  records: DnsRecords,
  networks: Set<string>,
  domain: string,
  query: Buffer,
): LocalAnswer | undefined {
  let packet: dnsPacket.DecodedPacket;
  try {
    packet = dnsPacket.decode(query);
  } catch {
    return undefined;
  }
  const question = packet.questions?.[0];
  if (!question || packet.questions?.length !== 1) return { kind: 'forward' };
  const name = question.name.toLowerCase().replace(/\.$/, '');
  const suffix = `.${domain}`;

  if (question.type === 'PTR' && name.endsWith('.in-addr.arpa')) {
    const target = records.reverse(name, networks);
    if (!target) return { kind: 'forward' };
    const answer: dnsPacket.Answer = { type: 'PTR', name: question.name, ttl: 0, data: `${target}${suffix}` };
    return { kind: 'local', response: respond(packet, NOERROR, [answer]) };
  }

  const inDomain = name.endsWith(suffix);
  const short = inDomain ? name.slice(0, -suffix.length) : name;
  if (short.includes('.') && !inDomain) return { kind: 'forward' };
  const addresses = records.lookup(short, networks);
  if (addresses.length === 0) {
    if (inDomain) return { kind: 'local', response: respond(packet, NXDOMAIN, []) };
    return { kind: 'forward' };
  }
  const answers: dnsPacket.Answer[] =
    question.type === 'A' ? addresses.map((data) => ({ type: 'A', name: question.name, ttl: 0, data })) : [];
  return { kind: 'local', response: respond(packet, NOERROR, answers) };
}
