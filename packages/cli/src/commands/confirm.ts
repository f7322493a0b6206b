import type { CommandContext } from './command';

/** docker's "Are you sure you want to continue? [y/N]" on stdin; anything but y/yes declines. */
export function confirm(ctx: CommandContext, warning: string): Promise<boolean> {
  ctx.out(`${warning}\nAre you sure you want to continue? [y/N] `);
  return new Promise((resolve) => {
    let answer = '';
    const stdin = ctx.io.stdin;
    const done = () => {
      stdin.removeListener('data', onData);
      stdin.removeListener('end', done);
      stdin.pause();
      resolve(/^\s*y(es)?\s*$/i.test(answer));
    };
    const onData = (chunk: Buffer | string) => {
      answer += chunk.toString();
      if (answer.includes('\n')) done();
    };
    stdin.on('data', onData);
    stdin.once('end', done);
    stdin.resume();
  });
}
