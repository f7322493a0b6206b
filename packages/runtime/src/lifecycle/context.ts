import type { StateStore } from '../state/state-store';

/** What every operation needs: where state lives and where warnings go. */
export interface RuntimeContext {
  store: StateStore;
  systemdCgroup: boolean;
  rootless: boolean;
  /** Non-fatal problems (a failed poststart/poststop hook, cleanup leftovers). */
  warn: (message: string) => void;
}
