// config.md "Hostname" and "Domainname"; needs a private uts namespace.
import { Harness } from './support/harness';
import { IS_BERTH } from './support/runtime-bin';

const h = new Harness('hostname');
afterEach(() => h.cleanup());
afterAll(() => h.dispose());

describe('hostname', () => {
  it('sets the hostname in the uts namespace', async () => {
    const r = await h.run(['hostname'], (s) => (s.hostname = 'box-one'));
    expect(r.stdout).toBe('box-one\n');
  });

  // domainname is runtime-spec 1.1; runc learnt it in 1.2.
  (IS_BERTH ? it : it.skip)('sets hostname and domainname in the uts namespace', async () => {
    const r = await h.run(['sh', '-c', 'hostname; cat /proc/sys/kernel/domainname'], (s) => {
      s.hostname = 'box-one';
      s.domainname = 'example.test';
    });
    expect(r.stdout).toBe('box-one\nexample.test\n');
  });

  it('refuses a hostname without a private uts namespace', async () => {
    const r = await h.run(['true'], (s) => {
      s.linux.namespaces = s.linux.namespaces.filter((n: { type: string }) => n.type !== 'uts');
    });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/hostname|UTS|uts/);
  });
});
