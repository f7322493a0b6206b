// Dependency order: services start after what they depend on and stop before it.
import { ComposeError, UnknownServiceError } from '../errors';
import type { ServiceConfig } from '../model/types';

/**
 * The services to act on, dependencies first. `selected` limits it to those services plus,
 * unless `withDependencies` is false, everything they depend on. Cycles are reported.
 */
export function dependencyOrder(
  services: Record<string, ServiceConfig>,
  selected: string[] = [],
  withDependencies = true,
): string[] {
  for (const name of selected) if (!services[name]) throw new UnknownServiceError(name);
  const wanted = new Set(selected.length ? selected : Object.keys(services));
  const order: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (name: string, trail: string[]) => {
    if (state.get(name) === 'done') return;
    if (state.get(name) === 'visiting') {
      const cycle = [...trail.slice(trail.indexOf(name)), name];
      throw new ComposeError('DependencyCycle', `dependency cycle between services: ${cycle.join(' -> ')}`);
    }
    state.set(name, 'visiting');
    for (const dependency of Object.keys(services[name].depends_on ?? {}).sort()) {
      if (services[dependency]) visit(dependency, [...trail, name]);
    }
    state.set(name, 'done');
    if (withDependencies || wanted.has(name)) order.push(name);
  };
  // Detect cycles across the whole model, not only the selected part.
  for (const name of Object.keys(services).sort()) visit(name, []);
  if (!withDependencies) return order.filter((name) => wanted.has(name));
  const needed = new Set<string>();
  const collect = (name: string) => {
    if (needed.has(name)) return;
    needed.add(name);
    for (const dependency of Object.keys(services[name].depends_on ?? {}))
      if (services[dependency]) collect(dependency);
  };
  wanted.forEach(collect);
  return order.filter((name) => needed.has(name));
}

/**
 * Runs `action` for every service in `services`, each one once the services that depend on it
 * (among `services`) are done, unrelated services concurrently (stopping). The first failure is
 * reported once every started action has settled, so nothing is left half-done.
 */
export function inReverseDependencyOrder(
  model: { services: Record<string, ServiceConfig> },
  services: string[],
  action: (service: string) => Promise<void>,
): Promise<void> {
  const dependants = (service: string) =>
    Object.entries(model.services)
      .filter(([, config]) => Object.hasOwn(config.depends_on ?? {}, service))
      .map(([name]) => name);
  return runGraph(services, dependants, action);
}

async function runGraph(
  services: string[],
  prerequisites: (service: string) => string[],
  action: (service: string) => Promise<void>,
): Promise<void> {
  const selected = new Set(services);
  const done = new Map<string, Promise<void>>();
  const schedule = (service: string): Promise<void> => {
    let promise = done.get(service);
    if (!promise) {
      const before = prerequisites(service).filter((other) => selected.has(other));
      promise = Promise.all(before.map(schedule)).then(() => action(service));
      done.set(service, promise);
    }
    return promise;
  };
  const results = await Promise.allSettled(services.map(schedule));
  const failed = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failed) throw failed.reason;
}
