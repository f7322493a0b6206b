import { InvalidArgumentError } from '../errors';
import { parsePortSpec } from './port-request';

describe('parsePortSpec', () => {
  it('reads every docker form', () => {
    expect(parsePortSpec('80')).toMatchObject({
      hostIp: '',
      hostPort: 0,
      containerPort: 80,
      protocol: 'tcp',
    });
    expect(parsePortSpec('8080:80')).toMatchObject({ hostPort: 8080, hostPortEnd: 8080, containerPort: 80 });
    expect(parsePortSpec('127.0.0.1::53/udp')).toMatchObject({
      hostIp: '127.0.0.1',
      hostPort: 0,
      protocol: 'udp',
    });
    expect(parsePortSpec('8000-8009:80-89')).toMatchObject({ hostPortEnd: 8009, containerPortEnd: 89 });
    expect(parsePortSpec('8000-8009:80')).toMatchObject({
      hostPort: 8000,
      hostPortEnd: 8009,
      containerPortEnd: 80,
    });
  });

  it('names what is wrong', () => {
    expect(() => parsePortSpec('8080:80/sctp')).toThrow(/protocol: "sctp" is not tcp or udp/);
    expect(() => parsePortSpec('70000:80')).toThrow(/outside 1-65535/);
    expect(() => parsePortSpec('300.0.0.1:80:80')).toThrow(/host_ip/);
    expect(() => parsePortSpec('8000-8002:80-89')).toThrow(/differ in length/);
    expect(() => parsePortSpec('90-80')).toThrow(InvalidArgumentError);
    expect(() => parsePortSpec('a:b:c:d')).toThrow(/too many/);
  });
});
