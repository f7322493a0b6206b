// One health probe: the healthcheck's command exec'd in the running container (with its user,
// env and capabilities, like `exec`), its output kept, killed when it overruns the timeout.
import type { ComponentClients } from '../components/component-clients';
import type { ProcessSessions } from '../engine/process-sessions';
import type { ContainerRecord } from '../state/container-record';
import { goDuration, type ResolvedHealthcheck } from './health-config';
import { MAX_OUTPUT_BYTES, type HealthLogEntry } from './health-state';

const SIGKILL = 9;
/** docker's exit code for a probe that timed out or could not run. */
const PROBE_FAILED = -1;

export type Prober = (record: ContainerRecord, check: ResolvedHealthcheck) => Promise<HealthLogEntry>;

export function execProber(sessions: ProcessSessions, clients: ComponentClients): Prober {
  return async (record, check) => {
    const start = new Date();
    const done = (exitCode: number, output: string): HealthLogEntry => ({
      start: start.toISOString(),
      end: new Date().toISOString(),
      exitCode,
      output,
    });
    let running;
    try {
      running = await sessions.exec({
        id: record.id,
        cmd: check.command,
        env: [],
        user: '',
        workingDir: '',
        tty: false,
        stdin: false,
        detach: false,
        detachKeys: '',
        privileged: false,
      });
    } catch (err) {
      return done(PROBE_FAILED, (err as Error).message);
    }
    const chunks: Buffer[] = [];
    let kept = 0;
    running.session?.pipeOutput(
      (_stream, data) => {
        if (kept >= MAX_OUTPUT_BYTES) return;
        chunks.push(data.subarray(0, MAX_OUTPUT_BYTES - kept));
        kept += Math.min(data.length, MAX_OUTPUT_BYTES - kept);
      },
      { stdout: true, stderr: true },
    );
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), check.timeoutMs);
    });
    try {
      const outcome = await Promise.race([running.exited, timedOut]);
      if (outcome === 'timeout') {
        await clients
          .task(record.shimSocket)
          .call.kill({ id: record.id, execId: running.execId, signal: SIGKILL, all: false })
          .catch(() => undefined);
        return done(PROBE_FAILED, `Health check exceeded timeout (${goDuration(check.timeoutMs)})`);
      }
      await running.session?.drain();
      return done(outcome, Buffer.concat(chunks).toString('utf8'));
    } catch (err) {
      return done(PROBE_FAILED, (err as Error).message);
    } finally {
      clearTimeout(timer);
      await running.release().catch(() => undefined);
    }
  };
}
