import { berth, startEngineDouble, type EngineDouble } from './engine-double';

describe('berth compose', () => {
  let double: EngineDouble | undefined;
  afterEach(async () => {
    await double?.close();
    double = undefined;
  });

  it('is listed in the main help and hands its arguments to @berth/compose', async () => {
    const help = await berth('/nonexistent.sock', ['--help']);
    expect(help.stdout).toMatch(/^ {2}compose +Define and run multi-container applications$/m);
    const composeHelp = await berth('/nonexistent.sock', ['compose', '--help']);
    expect(composeHelp.code).toBe(0);
    expect(composeHelp.stdout).toContain('Usage:  berth compose [OPTIONS] COMMAND');
  });

  it('talks to the engine named by -H', async () => {
    let listed = 0;
    double = await startEngineDouble({
      containers: {
        listContainers: (_call, callback) => {
          listed++;
          callback(null, { containers: [] });
        },
      },
    });
    const result = await berth(double.socket, ['compose', 'ls']);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(listed).toBe(1);
  });
});
