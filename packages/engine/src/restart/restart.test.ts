import { NO_RESTART, parseRestartPolicy } from '../options/restart-policy';
import { Backoff, shouldRestartAfterExit, shouldStartWithEngine } from './restart-decision';
import { RestartScheduler, type Clock } from './restart-scheduler';

class FakeClock implements Clock {
  time = 0;
  private timers: { at: number; fn: () => void; handle: number }[] = [];
  private nextHandle = 1;
  now() {
    return this.time;
  }
  setTimeout(fn: () => void, ms: number) {
    const handle = this.nextHandle++;
    this.timers.push({ at: this.time + ms, fn, handle });
    return handle;
  }
  clearTimeout(handle: unknown) {
    this.timers = this.timers.filter((t) => t.handle !== handle);
  }
  advance(ms: number) {
    this.time += ms;
    const due = this.timers.filter((t) => t.at <= this.time);
    this.timers = this.timers.filter((t) => t.at > this.time);
    due.forEach((t) => t.fn());
  }
}

const facts = (policy: string, exitCode: number, restartCount = 0, manuallyStopped = false) => ({
  policy: parseRestartPolicy(policy),
  exitCode,
  restartCount,
  manuallyStopped,
  removing: false,
});

describe('shouldRestartAfterExit', () => {
  it('follows each policy', () => {
    expect(shouldRestartAfterExit(facts('no', 1))).toBe(false);
    expect(shouldRestartAfterExit(facts('always', 0))).toBe(true);
    expect(shouldRestartAfterExit(facts('unless-stopped', 0))).toBe(true);
    expect(shouldRestartAfterExit(facts('on-failure', 0))).toBe(false);
    expect(shouldRestartAfterExit(facts('on-failure', 2))).toBe(true);
    expect(shouldRestartAfterExit(facts('on-failure:3', 2, 2))).toBe(true);
    expect(shouldRestartAfterExit(facts('on-failure:3', 2, 3))).toBe(false);
  });

  it('never restarts what the user stopped or is removing', () => {
    expect(shouldRestartAfterExit(facts('always', 137, 0, true))).toBe(false);
    expect(shouldRestartAfterExit({ ...facts('always', 0), removing: true })).toBe(false);
  });
});

describe('shouldStartWithEngine', () => {
  it('brings back always, and unless-stopped unless stopped', () => {
    expect(shouldStartWithEngine(parseRestartPolicy('always'), true)).toBe(true);
    expect(shouldStartWithEngine(parseRestartPolicy('unless-stopped'), false)).toBe(true);
    expect(shouldStartWithEngine(parseRestartPolicy('unless-stopped'), true)).toBe(false);
    expect(shouldStartWithEngine(parseRestartPolicy('on-failure'), false)).toBe(false);
    expect(shouldStartWithEngine(NO_RESTART, false)).toBe(false);
  });
});

describe('Backoff', () => {
  it('doubles from 100 ms to a minute and resets after a healthy run', () => {
    const backoff = new Backoff();
    const delays = Array.from({ length: 12 }, () => backoff.next(50));
    expect(delays.slice(0, 5)).toEqual([100, 200, 400, 800, 1600]);
    expect(delays.slice(-2)).toEqual([60_000, 60_000]);
    expect(backoff.next(10_000)).toBe(100);
  });
});

describe('RestartScheduler', () => {
  it('fires restarts after the back-off and lets stop cancel them', () => {
    const clock = new FakeClock();
    const scheduler = new RestartScheduler(clock);
    const restarted: string[] = [];
    expect(scheduler.schedule('a', 0, () => restarted.push('a'))).toBe(100);
    expect(scheduler.schedule('b', 0, () => restarted.push('b'))).toBe(100);
    expect(scheduler.cancel('b')).toBe(true);
    clock.advance(99);
    expect(restarted).toEqual([]);
    clock.advance(1);
    expect(restarted).toEqual(['a']);
    expect(scheduler.isPending('a')).toBe(false);
    expect(scheduler.schedule('a', 0, () => restarted.push('a2'))).toBe(200);
    scheduler.forget('a');
    clock.advance(1000);
    expect(restarted).toEqual(['a']);
    expect(scheduler.schedule('a', 0, () => undefined)).toBe(100);
    scheduler.cancelAll();
    expect(scheduler.isPending('a')).toBe(false);
  });
});
