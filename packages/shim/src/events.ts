import { task } from '@berth/api';

type Event = task.v1.Event;
type EventType = task.v1.EventType;

// Events kept for subscribers that reconnect (an engine restarting) and ask for what they
// missed by sequence number. Older ones are dropped; task state and Wait stay authoritative.
const HELD_EVENTS = 1024;

export interface EventFields {
  id: string;
  execId?: string;
  pid?: number;
  exitStatus?: number;
  /** Defaults to now; exits carry the time the process exited. */
  timestamp?: Date;
}

export type EventListener = (event: Event) => void;

/**
 * Numbers events and hands them to every subscriber in publish order. Callers publish in the
 * order the task API promises (create, start, exit, delete); ShimProcess holds exits back
 * until their start event is out.
 */
export class EventPublisher {
  private sequence = 0;
  private readonly held: Event[] = [];
  private readonly listeners = new Map<EventListener, () => void>();

  publish(type: EventType, fields: EventFields): Event {
    const event = task.v1.Event.fromPartial({
      sequence: ++this.sequence,
      type,
      id: fields.id,
      execId: fields.execId ?? '',
      pid: fields.pid ?? 0,
      exitStatus: fields.exitStatus ?? 0,
      timestamp: fields.timestamp ?? new Date(),
    });
    this.held.push(event);
    if (this.held.length > HELD_EVENTS) this.held.shift();
    for (const listener of this.listeners.keys()) listener(event);
    return event;
  }

  /**
   * Replays held events after `afterSequence` (0: none), then delivers new ones until
   * unsubscribed; `onClose` runs if the publisher closes first (the shim is exiting).
   */
  subscribe(afterSequence: number, listener: EventListener, onClose: () => void = () => {}): () => void {
    if (afterSequence > 0) for (const event of this.held) if (event.sequence > afterSequence) listener(event);
    this.listeners.set(listener, onClose);
    return () => this.listeners.delete(listener);
  }

  /** Ends every subscription. */
  close(): void {
    const closers = [...this.listeners.values()];
    this.listeners.clear();
    for (const close of closers) close();
  }
}
