import type { Spec } from '../oci';
import { namespacePlan } from './namespace-records';

const spec = (namespaces: object[]) => ({ ociVersion: '1.2.0', linux: { namespaces } }) as unknown as Spec;

describe('namespacePlan', () => {
  it('separates new namespaces from joined ones', () => {
    const plan = namespacePlan(
      spec([{ type: 'pid' }, { type: 'network', path: '/proc/1/ns/net' }, { type: 'mount' }]),
    );
    expect(plan.newFlags).toBe(0x20000000 | 0x00020000);
    expect([...plan.joins]).toEqual([['network', '/proc/1/ns/net']]);
  });

  it('names unknown, duplicate and relative entries', () => {
    expect(() => namespacePlan(spec([{ type: 'bogus' }]))).toThrow(
      'linux.namespaces[0].type: unknown namespace type "bogus"',
    );
    expect(() => namespacePlan(spec([{ type: 'pid' }, { type: 'pid' }]))).toThrow(
      'linux.namespaces[1].type: duplicate',
    );
    expect(() => namespacePlan(spec([{ type: 'net', path: 'x' }]))).toThrow('unknown namespace type "net"');
    expect(() => namespacePlan(spec([{ type: 'ipc', path: 'rel' }]))).toThrow(
      'linux.namespaces[0].path: must be absolute',
    );
  });
});
