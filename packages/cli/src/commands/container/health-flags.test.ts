import { parseFlags } from '../../args/parse';
import { HEALTH_FLAGS, healthConfigFromFlags } from './health-flags';

const health = (argv: string[]) =>
  healthConfigFromFlags(parseFlags(HEALTH_FLAGS, argv, { interspersed: false, command: 'run' }).flags);

describe('--health-* flags', () => {
  it('build the engine healthcheck as docker does (CMD-SHELL, nanoseconds)', () => {
    expect(health([])).toBeUndefined();
    expect(
      health([
        '--health-cmd',
        'wget -q -O- localhost',
        '--health-interval=1.5s',
        '--health-timeout',
        '500ms',
        '--health-start-period=1m',
        '--health-start-interval=2s',
        '--health-retries=4',
      ]),
    ).toEqual({
      test: ['CMD-SHELL', 'wget -q -O- localhost'],
      intervalNs: 1_500_000_000,
      timeoutNs: 500_000_000,
      startPeriodNs: 60_000_000_000,
      startIntervalNs: 2_000_000_000,
      retries: 4,
    });
    expect(health(['--health-interval', '2s'])).toMatchObject({ test: [], intervalNs: 2_000_000_000 });
    expect(health(['--no-healthcheck'])).toMatchObject({ test: ['NONE'] });
  });

  it('refuse conflicts and bad values', () => {
    expect(() => health(['--no-healthcheck', '--health-cmd', 'true'])).toThrow(
      '--no-healthcheck conflicts with --health-* options',
    );
    expect(() => health(['--health-interval', '5'])).toThrow(
      'invalid argument "5" for "--health-interval" flag: expected a duration like 30s',
    );
    expect(() => health(['--health-retries', '-1'])).toThrow('--health-retries cannot be negative');
  });
});
