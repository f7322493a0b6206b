import { parseDockerfile } from '../dockerfile/parse';
import type { Instruction } from '../dockerfile/instructions';
import { applyMetadata, type StageConfig } from './config-update';
import { findStage, splitStages, targetStage } from './stages';
import { globalVariables } from './variables';

const platform = { TARGETARCH: 'amd64' };

describe('variables', () => {
  it('scopes global ARGs to FROM unless redeclared, with --build-arg overriding defaults', () => {
    const globals = globalVariables(
      '\\',
      { VERSION: '2' },
      [
        { name: 'VERSION', defaultValue: '1' },
        { name: 'BASE', defaultValue: 'busybox' },
      ],
      platform,
    );
    expect(globals.word('${BASE}:$VERSION-$TARGETARCH')).toBe('busybox:2-amd64');
    const stage = globals.forStage(['PATH=/bin']);
    expect(stage.word('[$VERSION][$TARGETARCH]')).toBe('[][]');
    const declared = stage
      .declare('VERSION', undefined)
      .declare('TARGETARCH', undefined)
      .declare('OTHER', '${VERSION}x');
    expect(declared.word('$VERSION $TARGETARCH $OTHER')).toBe('2 amd64 2x');
    expect(declared.runEnvironment()).toEqual(['PATH=/bin', 'VERSION=2', 'TARGETARCH=amd64', 'OTHER=2x']);
  });

  it('lets ENV win over an ARG of the same name', () => {
    const vars = globalVariables('\\', {}, [], {}).forStage(['X=env']).declare('X', 'arg');
    expect(vars.word('$X')).toBe('env');
    expect(vars.runEnvironment()).toEqual(['X=env']);
  });
});

function applyAll(text: string, env: string[] = []): StageConfig {
  const instructions = parseDockerfile(`FROM base\n${text}`).instructions.slice(1);
  let state: StageConfig = {
    config: { Env: env },
    vars: globalVariables('\\', {}, [], {}).forStage(env),
    cmdSetHere: false,
  };
  for (const instruction of instructions as Instruction[]) {
    const next = applyMetadata(instruction, state);
    if (next === undefined) throw new Error(`${instruction.kind} is not metadata`);
    state = next;
  }
  return state;
}

describe('applyMetadata', () => {
  it('expands ENV against the values before the instruction, like docker', () => {
    const { config } = applyAll('ENV abc=hello\nENV abc=bye def=$abc\nENV ghi=$abc\n');
    expect(config.Env).toEqual(['abc=bye', 'def=hello', 'ghi=bye']);
  });

  it('sets the config fields docker sets', () => {
    const { config, author } = applyAll(
      [
        'ENV PORT=8080 DIR=/srv',
        'WORKDIR $DIR',
        'WORKDIR app',
        'USER 1000:1000',
        'EXPOSE $PORT 9000-9001/udp',
        'VOLUME ["/data"] ',
        'VOLUME /a /b',
        'LABEL a=1 "b c"="d e"',
        'MAINTAINER Jane <jane@example.com>',
        'STOPSIGNAL SIGQUIT',
        'SHELL ["/bin/bash", "-c"]',
        'CMD echo $DIR',
        'HEALTHCHECK --interval=30s --timeout=3s --start-period=1m --retries=4 CMD ["check"]',
        'ONBUILD RUN make',
      ].join('\n'),
    );
    expect(config).toEqual({
      Env: ['PORT=8080', 'DIR=/srv'],
      WorkingDir: '/srv/app',
      User: '1000:1000',
      ExposedPorts: { '8080/tcp': {}, '9000/udp': {}, '9001/udp': {} },
      Volumes: { '/data': {}, '/a': {}, '/b': {} },
      Labels: { a: '1', 'b c': 'd e', maintainer: 'Jane <jane@example.com>' },
      StopSignal: 'SIGQUIT',
      Shell: ['/bin/bash', '-c'],
      Cmd: ['/bin/bash', '-c', 'echo $DIR'],
      Healthcheck: { Test: ['CMD', 'check'], Interval: 30e9, Timeout: 3e9, StartPeriod: 60e9, Retries: 4 },
      OnBuild: ['RUN make'],
    });
    expect(author).toBe('Jane <jane@example.com>');
  });

  it('resets an inherited CMD when ENTRYPOINT is set, but keeps one set in the stage', () => {
    expect(applyAll('ENTRYPOINT ["x"]').config.Cmd).toBeUndefined();
    expect(applyAll('CMD ["y"]\nENTRYPOINT ["x"]').config.Cmd).toEqual(['y']);
    expect(applyAll('HEALTHCHECK NONE').config.Healthcheck).toEqual({ Test: ['NONE'] });
  });

  it('rejects bad ports and signals', () => {
    expect(() => applyAll('EXPOSE 70000')).toThrow('invalid containerPort: 70000');
    expect(() => applyAll('STOPSIGNAL kill me')).toThrow('Invalid signal');
  });
});

describe('stages', () => {
  const plan = splitStages(parseDockerfile('ARG A\nFROM x AS one\nRUN a\nFROM one AS Two\nFROM scratch\n'));
  it('splits global args and stages, finds stages by name or index, picks the target', () => {
    expect(plan.globalArgs).toHaveLength(1);
    expect(plan.stages.map((stage) => stage.name)).toEqual(['one', 'two', undefined]);
    expect(findStage(plan, 'ONE')?.index).toBe(0);
    expect(findStage(plan, '1')?.index).toBe(1);
    expect(findStage(plan, 'two', 1)).toBeUndefined();
    expect(targetStage(plan, undefined).index).toBe(2);
    expect(targetStage(plan, 'two').index).toBe(1);
    expect(() => targetStage(plan, 'nope')).toThrow('target stage "nope" could not be found');
  });

  it('rejects duplicate stage names', () => {
    expect(() => splitStages(parseDockerfile('FROM a AS x\nFROM b AS x\n'))).toThrow(
      'Dockerfile:2: duplicate stage name "x"',
    );
  });
});
