/** Flags every berth-registry command accepts. */
export interface GlobalOptions {
  insecure?: boolean;
  username?: string;
  passwordStdin?: boolean;
  platform?: string;
  json?: boolean;
  quiet?: boolean;
  debug?: boolean;
  concurrency?: number;
  certsDir?: string[];
  dockerConfig?: string;
}
