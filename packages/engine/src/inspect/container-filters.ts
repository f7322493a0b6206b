// `berth ps --filter` over container records.
import { booleanFilter, groupFilters, labelsMatchAll, type FilterEntry } from '../filters';
import { InvalidOptionError } from '../errors';
import type { ContainerRecord } from '../state/container-record';
import { CONTAINER_STATUSES, isActive } from '../state/container-state';

export const CONTAINER_FILTERS = [
  'id',
  'name',
  'label',
  'status',
  'ancestor',
  'exited',
  'before',
  'since',
  'volume',
  'network',
  'publish',
  'expose',
  'is-task',
  'health',
] as const;

export interface ListOptions {
  all: boolean;
  filters: FilterEntry[];
  limit: number;
}

/** The records `ps` shows, newest first. `resolve` maps a before/since reference to a record. */
export function selectContainers(
  records: ContainerRecord[],
  options: ListOptions,
  resolve: (ref: string) => ContainerRecord,
): ContainerRecord[] {
  const groups = groupFilters(options.filters, CONTAINER_FILTERS, 'containers');
  for (const status of groups.get('status') ?? [])
    if (!(CONTAINER_STATUSES as readonly string[]).includes(status))
      throw new InvalidOptionError('filter', `invalid filter 'status=${status}'`);
  for (const health of groups.get('health') ?? [])
    if (!['starting', 'healthy', 'unhealthy', 'none'].includes(health))
      throw new InvalidOptionError('filter', `unrecognised filter value for health: ${health}`);
  const before = groups.get('before')?.map(resolve);
  const since = groups.get('since')?.map(resolve);
  const any = (key: string, test: (value: string) => boolean) => {
    const values = groups.get(key);
    return values === undefined || values.some(test);
  };
  const sorted = [...records].sort((a, b) => b.created.localeCompare(a.created) || b.id.localeCompare(a.id));
  const selected = sorted.filter((r) => {
    // Without -a only running ones, unless a status filter says otherwise (docker does the same).
    if (!options.all && !groups.has('status') && !isActive(r.state.status)) return false;
    return (
      any('id', (v) => r.id.startsWith(v)) &&
      any('name', (v) => r.name.includes(v.replace(/^\//, ''))) &&
      labelsMatchAll(r.settings.labels, groups.get('label')) &&
      any('status', (v) => r.state.status === v) &&
      any(
        'ancestor',
        (v) => r.settings.image === v || r.imageId === v || r.imageId.replace(/^sha256:/, '').startsWith(v),
      ) &&
      any('exited', (v) => r.state.status === 'exited' && String(r.state.exitCode) === v) &&
      (before ?? []).every((b) => r.created < b.created) &&
      (since ?? []).every((s) => r.created > s.created) &&
      any('volume', (v) => r.mounts.some((m) => m.name === v || m.destination === v)) &&
      any('network', (v) => r.endpoints.some((e) => e.network === v || e.networkId.startsWith(v))) &&
      any('publish', (v) =>
        r.ports.some((p) => `${p.hostPort}/${p.protocol}` === v || String(p.hostPort) === v),
      ) &&
      any(
        'expose',
        (v) => r.settings.exposedPorts.includes(v) || r.settings.exposedPorts.includes(`${v}/tcp`),
      ) &&
      any('is-task', (v) => booleanFilter(v, 'is-task') === false) &&
      any('health', (v) => (v === 'none' ? !r.state.health : r.state.health?.status === v))
    );
  });
  return options.limit > 0 ? selected.slice(0, options.limit) : selected;
}
