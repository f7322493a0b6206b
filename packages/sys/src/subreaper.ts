import { callNative } from './native';
import { assertBoolean } from './validate';

/**
 * Marks this process as a child subreaper (prctl PR_SET_CHILD_SUBREAPER): orphaned
 * descendants are re-parented to it instead of init, so it must reap them (see OrphanReaper).
 */
export function setChildSubreaper(on: boolean): void {
  assertBoolean(on, 'on');
  callNative((addon) => addon.setChildSubreaper(on));
}

export function isChildSubreaper(): boolean {
  return callNative((addon) => addon.isChildSubreaper());
}
