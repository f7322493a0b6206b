// The config hash: a digest of everything that shapes a service's containers. `up` recreates a
// container only when its com.docker.compose.config-hash label differs from this.
import { createHash } from 'node:crypto';
import type { ServiceConfig } from '../model/types';

export function configHash(service: ServiceConfig, image: string): string {
  // Scale changes add or remove containers; they never make the existing ones stale.
  const { scale: _scale, deploy, profiles: _profiles, ...shape } = service;
  const { replicas: _replicas, ...deployShape } = deploy ?? {};
  return createHash('sha256')
    .update(canonicalJson({ ...shape, deploy: deployShape, image }))
    .digest('hex');
}

/** JSON with object keys sorted, so equal models give equal text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
