// Runs `berth compose` commands against the engine double, capturing their output.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { Readable } from 'node:stream';
import { runCompose } from '../src';
import type { EngineDouble } from './engine-double/server';

export interface ComposeResult {
  code: number;
  stdout: string;
  stderr: string;
}

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer, _encoding: string, callback: () => void): void {
    this.text += chunk.toString();
    callback();
  }
}

export function composeRunner(double: EngineDouble, env: NodeJS.ProcessEnv = {}, stdin: string[] = []) {
  return async (...argv: string[]): Promise<ComposeResult> => {
    const stdout = new Capture();
    const stderr = new Capture();
    const controller = new AbortController();
    const code = await runCompose(
      argv,
      {
        stdout,
        stderr,
        stdin: Readable.from(stdin.map((text) => Buffer.from(text))),
        env: { PATH: process.env.PATH, ...env },
      },
      {
        engineSocket: double.socket,
        cwd: double.dir,
        signal: controller.signal,
      },
    );
    return { code, stdout: stdout.text, stderr: stderr.text };
  };
}

export function writeCompose(double: EngineDouble, text: string, name = 'compose.yaml'): void {
  writeFileSync(join(double.dir, name), text);
}
