import { engine } from '@berth/api';
import { settingsFromProto } from './create-request';

const config = (overrides: Partial<engine.v1.ContainerConfig>) =>
  engine.v1.ContainerConfig.fromPartial({ image: 'busybox', ...overrides });

describe('settingsFromProto', () => {
  it('parses docker syntaxes into settings', () => {
    const { settings, pull } = settingsFromProto(
      config({
        binds: ['data:/data', '/srv:/srv:ro'],
        tmpfs: ['/run:size=1m'],
        mounts: [
          {
            type: engine.v1.MountType.MOUNT_TYPE_VOLUME,
            source: 'logs',
            target: '/logs',
            readOnly: false,
          } as engine.v1.MountSpec,
        ],
        portBindings: [{ containerPort: 80, protocol: '', hostIp: '', hostPort: 8080 }],
        restartPolicy: {
          name: engine.v1.RestartPolicyName.RESTART_POLICY_NAME_ON_FAILURE,
          maximumRetryCount: 3,
        },
        stopSignal: 'quit',
        exposedPorts: ['53/UDP'],
        env: ['A=1', 'B'],
        resources: engine.v1.Resources.fromPartial({
          memory: 64 << 20,
          ulimits: [{ name: 'nofile', soft: 10, hard: 20 }],
        }),
      }),
    );
    expect(pull).toBe('missing');
    expect(settings.mounts.map((m) => `${m.kind}:${m.source}:${m.target}`)).toEqual([
      'volume:logs:/logs',
      'volume:data:/data',
      'bind:/srv:/srv',
      'tmpfs::/run',
    ]);
    expect(settings.portBindings).toEqual([
      { containerPort: 80, protocol: 'tcp', hostIp: '', hostPort: 8080 },
    ]);
    expect(settings.restartPolicy).toEqual({ name: 'on-failure', maximumRetryCount: 3 });
    expect(settings.stopSignal).toBe('SIGQUIT');
    expect(settings.exposedPorts).toEqual(['53/udp']);
    expect(settings.env).toEqual(['A=1']);
    expect(settings.networkMode).toBe('bridge');
    expect(settings.resources.memory).toBe(64 << 20);
    expect(settings.ulimits).toEqual([{ name: 'nofile', soft: 10, hard: 20 }]);
  });

  it.each([
    [{ image: ' ' }, 'invalid image: an image is required'],
    [{ binds: ['/a', 'vol:/a'] }, 'duplicate mount point: /a'],
    [{ pull: 'sometimes' }, 'invalid pull'],
    [{ capAdd: ['WINGS'] }, 'unknown capability "WINGS"'],
    [{ securityOpt: ['seccomp='] }, 'seccomp needs'],
    [{ stopSignal: 'SIGNOPE' }, 'unknown signal'],
    [
      {
        autoRemove: true,
        restartPolicy: { name: engine.v1.RestartPolicyName.RESTART_POLICY_NAME_ALWAYS, maximumRetryCount: 0 },
      },
      '--restart and --rm',
    ],
    [
      {
        networkMode: 'host',
        portBindings: [{ containerPort: 80, protocol: 'tcp', hostIp: '', hostPort: 80 }],
      },
      'published ports are discarded',
    ],
    [{ networkMode: 'container:' }, 'needs a container name'],
    [{ networkMode: 'container:web', hostname: 'x' }, 'cannot be used with --network container:web'],
    [{ extraHosts: ['nohost'] }, 'is not host:ip'],
    [{ resources: engine.v1.Resources.fromPartial({ memory: 1024 }) }, 'minimum memory limit'],
    [{ portBindings: [{ containerPort: 0, protocol: 'tcp', hostIp: '', hostPort: 0 }] }, 'out of range'],
  ] as [Partial<engine.v1.ContainerConfig>, string][])('rejects %j', (overrides, message) => {
    expect(() => settingsFromProto(config(overrides))).toThrow(message);
  });
});
