import { appendFileSync } from 'node:fs';

export type LogFormat = 'text' | 'json';

/** runc's --log/--log-format: engines (containerd) read the last error line of this file. */
export class CliLog {
  constructor(
    private readonly file: string | undefined,
    private readonly format: LogFormat,
    readonly debugEnabled: boolean,
  ) {}

  error(msg: string): void {
    this.write('error', msg);
  }

  warn(msg: string): void {
    this.write('warning', msg);
  }

  debug(msg: string): void {
    if (this.debugEnabled) this.write('debug', msg);
  }

  private write(level: string, msg: string): void {
    if (!this.file) {
      if (level !== 'error') process.stderr.write(`${level}: ${msg}\n`);
      return;
    }
    const time = new Date().toISOString();
    const line =
      this.format === 'json'
        ? JSON.stringify({ level, msg, time })
        : `time="${time}" level=${level} msg=${JSON.stringify(msg)}`;
    try {
      appendFileSync(this.file, `${line}\n`);
    } catch {
      // an unwritable log must not hide the error itself, which still goes to stderr
    }
  }
}
