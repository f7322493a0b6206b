import { randomUUID } from 'node:crypto';
import type { Metadata } from '@grpc/grpc-js';

/** Metadata key a caller may set so one id follows a request across daemons and logs. */
export const REQUEST_ID_KEY = 'berth-request-id';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The caller's request id if it sent a sane one, else a fresh one. */
export function requestIdFrom(metadata: Metadata | undefined): string {
  const sent = metadata?.get(REQUEST_ID_KEY)[0];
  return typeof sent === 'string' && REQUEST_ID.test(sent) ? sent : randomUUID();
}
