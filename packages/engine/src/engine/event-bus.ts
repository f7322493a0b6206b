// The engine's event stream (`berth events`): what happened to containers, images, networks
// and volumes, with the recent past kept in memory so `--since` can replay it.
import { groupFilters, labelsMatchAll, type FilterEntry } from '../filters';

export type EventType = 'container' | 'image' | 'network' | 'volume';

export interface EngineEvent {
  type: EventType;
  /** docker's action: create, start, die, stop, kill, destroy, ... */
  action: string;
  /** Container id, image id, network id or volume name. */
  id: string;
  attributes: Record<string, string>;
  /** Milliseconds since the epoch. */
  time: number;
}

export const EVENT_FILTERS = ['type', 'event', 'container', 'image', 'network', 'volume', 'label'] as const;
const HISTORY = 1000;

export type EventListener = (event: EngineEvent) => void;

/** Whether `event` passes grouped filters (same key ORs, different keys AND). */
export function eventMatches(event: EngineEvent, groups: Map<string, string[]>): boolean {
  const any = (key: string, test: (value: string) => boolean) => groups.get(key)?.some(test) ?? true;
  const names = (value: string) => event.id.startsWith(value) || event.attributes.name === value;
  return (
    any('type', (v) => v === event.type) &&
    // docker: `event=health_status` matches every "health_status: <status>".
    any(
      'event',
      (v) => v === event.action || (v === 'health_status' && event.action.startsWith('health_status:')),
    ) &&
    any('container', (v) => event.type === 'container' && names(v)) &&
    any('image', (v) => (event.type === 'image' && names(v)) || event.attributes.image === v) &&
    any('network', (v) => event.type === 'network' && names(v)) &&
    any('volume', (v) => event.type === 'volume' && names(v)) &&
    labelsMatchAll(event.attributes, groups.get('label'))
  );
}

export class EventBus {
  private readonly history: EngineEvent[] = [];
  private readonly listeners = new Set<EventListener>();

  constructor(private readonly now: () => number = Date.now) {}

  publish(type: EventType, action: string, id: string, attributes: Record<string, string> = {}): EngineEvent {
    const event = { type, action, id, attributes, time: this.now() };
    this.history.push(event);
    if (this.history.length > HISTORY) this.history.shift();
    for (const listener of this.listeners) listener(event);
    return event;
  }

  /**
   * Replays held events at or after `since` (when given), then delivers new ones until the
   * returned function is called. Filters are checked first, so bad ones throw before anything.
   */
  subscribe(options: { since?: number; filters?: FilterEntry[] }, listener: EventListener): () => void {
    const groups = groupFilters(options.filters ?? [], EVENT_FILTERS, 'events');
    const deliver = (event: EngineEvent) => eventMatches(event, groups) && listener(event);
    if (options.since !== undefined)
      for (const event of [...this.history]) if (event.time >= options.since) deliver(event);
    this.listeners.add(deliver);
    return () => this.listeners.delete(deliver);
  }
}
