/** How a process ended: shell-style status (code, or 128 + signal) and when. */
export interface ProcessExit {
  status: number;
  /** ISO 8601. */
  exitedAt: string;
}

/** Reported when the shim that owned a process died before it could record its exit. */
export const UNKNOWN_EXIT_STATUS = 255;
