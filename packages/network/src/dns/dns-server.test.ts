import dgram from 'node:dgram';
import net from 'node:net';
import * as dnsPacket from 'dns-packet';
import { DnsServer } from './dns-server';
import { DnsRecords } from './records';

// Runs the resolver on 127.0.0.1 with a fake upstream on 127.0.0.1: no traffic leaves the host.
function udpQuery(port: number, name: string, type: dnsPacket.RecordType = 'A'): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const socket = dgram.createSocket('udp4');
    socket.on('message', (message) => {
      socket.close();
      resolve(reply(dnsPacket.decode(message)));
    });
    socket.on('error', reject);
    const query = dnsPacket.encode({
      type: 'query',
      id: 7,
      flags: dnsPacket.RECURSION_DESIRED,
      questions: [{ type, name }],
    });
    socket.send(query, port, '127.0.0.1');
  });
}

function tcpQuery(port: number, name: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    const chunks: Buffer[] = [];
    socket.on('data', (chunk) => {
      chunks.push(chunk);
      const all = Buffer.concat(chunks);
      if (all.length >= 2 && all.length >= 2 + all.readUInt16BE(0)) {
        socket.end();
        resolve(reply(dnsPacket.streamDecode(all) as dnsPacket.DecodedPacket));
      }
    });
    socket.on('error', reject);
    socket.write(dnsPacket.streamEncode({ type: 'query', id: 9, questions: [{ type: 'A', name }] }));
  });
}

type Reply = { rcode: string; answers: { data: unknown }[] };
const reply = (packet: dnsPacket.DecodedPacket) => packet as unknown as Reply;

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('DnsServer', () => {
  const records = new DnsRecords();
  const upstreamUdp = dgram.createSocket('udp4');
  let upstreamTcp: net.Server;
  let server: DnsServer;
  let port: number;
  const errors: unknown[] = [];

  beforeAll(async () => {
    // The fake upstream answers every A query with 192.0.2.99.
    const answer = (query: Buffer) => {
      const packet = dnsPacket.decode(query);
      return dnsPacket.encode({
        type: 'response',
        id: packet.id,
        questions: packet.questions,
        answers: [{ type: 'A', name: packet.questions![0].name, data: '192.0.2.99', ttl: 60 }],
      });
    };
    upstreamUdp.on('message', (m, r) => upstreamUdp.send(answer(m), r.port, r.address));
    await new Promise<void>((resolve) => upstreamUdp.bind(0, '127.0.0.1', resolve));
    const upstreamPort = upstreamUdp.address().port;
    upstreamTcp = net.createServer((socket) =>
      socket.on('data', (data) =>
        socket.end(dnsPacket.streamEncode(dnsPacket.decode(answer(data.subarray(2))))),
      ),
    );
    await new Promise<void>((resolve) => upstreamTcp.listen(upstreamPort, '127.0.0.1', resolve));

    records.set('c1', 'n1', '10.1.0.2', ['web']);
    records.set('c2', 'n2', '10.2.0.2', ['hidden']);
    server = new DnsServer({
      records,
      domain: 'berth.internal',
      upstreams: () => [{ host: '127.0.0.1', port: upstreamPort }],
      onError: (e) => errors.push(e),
    });
    port = await freePort();
    await server.listen('n1', '127.0.0.1', port);
  });

  afterAll(async () => {
    await server.close();
    upstreamUdp.close();
    await new Promise((resolve) => upstreamTcp.close(resolve));
  });

  it('answers container names on its network, bare and in the domain', async () => {
    const bare = await udpQuery(port, 'web');
    expect(bare.rcode).toBe('NOERROR');
    expect(bare.answers.map((a) => a.data)).toEqual(['10.1.0.2']);
    const full = await udpQuery(port, 'web.berth.internal');
    expect(full.answers.map((a) => a.data)).toEqual(['10.1.0.2']);
    expect((await udpQuery(port, 'web', 'AAAA')).answers).toEqual([]);
    expect((await udpQuery(port, '2.0.1.10.in-addr.arpa', 'PTR')).answers[0].data).toBe('web.berth.internal');
  });

  it('gives NXDOMAIN for unknown or out-of-scope names in the domain', async () => {
    expect((await udpQuery(port, 'nobody.berth.internal')).rcode).toBe('NXDOMAIN');
    expect((await udpQuery(port, 'hidden.berth.internal')).rcode).toBe('NXDOMAIN');
  });

  it('forwards other names upstream over UDP and TCP', async () => {
    expect((await udpQuery(port, 'example.test')).answers[0].data).toBe('192.0.2.99');
    expect((await tcpQuery(port, 'example.test')).answers[0].data).toBe('192.0.2.99');
    expect((await tcpQuery(port, 'web')).answers[0].data).toBe('10.1.0.2');
    expect(errors).toEqual([]);
  });
});
