import { task } from '@berth/api';
import { EventPublisher } from './events';

const { EventType } = task.v1;

describe('EventPublisher', () => {
  it('numbers events, delivers them in order and replays what a subscriber missed', () => {
    const events = new EventPublisher();
    events.publish(EventType.EVENT_TYPE_CREATE, { id: 'a', pid: 10 });
    events.publish(EventType.EVENT_TYPE_START, { id: 'a', pid: 10 });
    const seen: number[] = [];
    const unsubscribe = events.subscribe(1, (e) => seen.push(e.sequence));
    events.publish(EventType.EVENT_TYPE_EXIT, { id: 'a', pid: 10, exitStatus: 1 });
    unsubscribe();
    events.publish(EventType.EVENT_TYPE_DELETE, { id: 'a' });
    expect(seen).toEqual([2, 3]);
  });

  it('replays nothing for sequence 0 and ends subscriptions on close', () => {
    const events = new EventPublisher();
    events.publish(EventType.EVENT_TYPE_CREATE, { id: 'a' });
    const seen: number[] = [];
    let ended = false;
    events.subscribe(
      0,
      (e) => seen.push(e.sequence),
      () => (ended = true),
    );
    events.close();
    events.publish(EventType.EVENT_TYPE_START, { id: 'a' });
    expect(seen).toEqual([]);
    expect(ended).toBe(true);
  });
});
