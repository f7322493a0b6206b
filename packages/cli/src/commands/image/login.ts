import { bool, str } from '../../args/flag-spec';
import { InvalidArgumentError } from '../../errors';
import type { CommandContext, CommandDefinition } from '../command';

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  let text = '';
  for await (const chunk of stream as AsyncIterable<Buffer | string>) text += chunk.toString();
  return text;
}

/**
 * Reads one line from stdin, echoing nothing when `secret` and stdin is a terminal (raw mode,
 * so Ctrl-C arrives as a byte and cancels the login).
 */
function prompt(ctx: CommandContext, question: string, secret: boolean): Promise<string> {
  ctx.out(question);
  const stdin = ctx.io.stdin;
  const raw = secret && stdin.isTTY === true && typeof stdin.setRawMode === 'function';
  if (raw) stdin.setRawMode?.(true);
  return new Promise((resolve, reject) => {
    let answer = '';
    const stop = () => {
      stdin.removeListener('data', onData);
      stdin.pause();
      if (raw) {
        stdin.setRawMode?.(false);
        ctx.out('\n');
      }
    };
    const onData = (chunk: Buffer | string) => {
      for (const ch of chunk.toString()) {
        if (ch === '\r' || ch === '\n') {
          stop();
          resolve(answer);
          return;
        }
        if (ch === '\u0003') {
          stop();
          reject(new InvalidArgumentError('login cancelled'));
          return;
        }
        answer = ch === '\u007f' ? answer.slice(0, -1) : answer + ch;
      }
    };
    stdin.on('data', onData);
    stdin.resume();
  });
}

export const login: CommandDefinition = {
  usage: '[OPTIONS] [SERVER]',
  summary: 'Log in to a registry',
  flags: [
    str('password', 'Password', 'p'),
    bool('password-stdin', 'Take the password from stdin'),
    str('username', 'Username', 'u'),
  ],
  maxArgs: 1,
  async run(ctx, flags, [server = '']) {
    let password = flags.string('password');
    if (flags.boolean('password-stdin')) {
      if (password !== undefined)
        throw new InvalidArgumentError('--password and --password-stdin are mutually exclusive');
      if (!flags.string('username'))
        throw new InvalidArgumentError('must provide --username with --password-stdin');
      password = (await readAll(ctx.io.stdin)).replace(/\r?\n$/, '');
    } else if (password !== undefined) {
      ctx.err('WARNING! Using --password via the CLI is insecure. Use --password-stdin.\n');
    }
    const username = flags.string('username') ?? (await prompt(ctx, 'Username: ', false));
    password ??= await prompt(ctx, 'Password: ', true);
    if (!username) throw new InvalidArgumentError('username is empty');
    if (!password) throw new InvalidArgumentError('password is empty');
    const engine = await ctx.engine();
    const result = await engine.call('images', 'login', { server, username, password });
    ctx.out(`${result.status || 'Login Succeeded'}\n`);
  },
};

export const logout: CommandDefinition = {
  usage: '[SERVER]',
  summary: 'Log out from a registry',
  flags: [],
  maxArgs: 1,
  async run(ctx, _flags, [server = '']) {
    const engine = await ctx.engine();
    const result = await engine.call('images', 'logout', { server });
    ctx.out(`${result.status}\n`);
  },
};
