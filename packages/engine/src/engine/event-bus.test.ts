import { EventBus, type EngineEvent } from './event-bus';

describe('EventBus', () => {
  it('replays since a time, then streams filtered events until unsubscribed', () => {
    let clock = 1000;
    const bus = new EventBus(() => clock);
    bus.publish('container', 'create', 'a'.repeat(64), { name: 'web', image: 'nginx' });
    clock = 2000;
    bus.publish('volume', 'create', 'data');
    const seen: EngineEvent[] = [];
    const stop = bus.subscribe(
      {
        since: 1500,
        filters: [
          { key: 'type', value: 'volume' },
          { key: 'type', value: 'container' },
        ],
      },
      (e) => seen.push(e),
    );
    bus.publish('container', 'start', 'a'.repeat(64), { name: 'web' });
    stop();
    bus.publish('container', 'die', 'a'.repeat(64), { name: 'web' });
    expect(seen.map((e) => `${e.type}:${e.action}`)).toEqual(['volume:create', 'container:start']);
  });

  it('matches containers by name and labels, and refuses unknown filters', () => {
    const bus = new EventBus();
    const seen: string[] = [];
    bus.subscribe(
      {
        filters: [
          { key: 'container', value: 'web' },
          { key: 'label', value: 'app=x' },
        ],
      },
      (e) => seen.push(e.action),
    );
    bus.publish('container', 'start', 'b'.repeat(64), { name: 'web', app: 'x' });
    bus.publish('container', 'start', 'c'.repeat(64), { name: 'db', app: 'x' });
    expect(seen).toEqual(['start']);
    expect(() => bus.subscribe({ filters: [{ key: 'color', value: 'red' }] }, () => undefined)).toThrow(
      "invalid filter 'color'",
    );
  });

  it('event=health_status matches every health status change, as docker', () => {
    const bus = new EventBus();
    const seen: string[] = [];
    bus.subscribe({ filters: [{ key: 'event', value: 'health_status' }] }, (e) => seen.push(e.action));
    bus.publish('container', 'health_status: healthy', 'a'.repeat(64));
    bus.publish('container', 'start', 'a'.repeat(64));
    bus.publish('container', 'health_status: unhealthy', 'a'.repeat(64));
    expect(seen).toEqual(['health_status: healthy', 'health_status: unhealthy']);
  });
});
