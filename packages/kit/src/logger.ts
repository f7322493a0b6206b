import { Writable } from 'node:stream';
import bunyan from 'bunyan';
import { InvalidArgumentError } from './errors/classes';
import { safeJsonStringify } from './json-safe';

export type Logger = bunyan;
export type LogLevelName = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal';

export const LOG_LEVELS: readonly LogLevelName[] = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'];
export const LOG_LEVEL_ENV = 'BERTH_LOG_LEVEL';

export interface LoggerOptions {
  /** Component name, e.g. 'images'; becomes the record's `name`. */
  component: string;
  /** Level name; when absent BERTH_LOG_LEVEL, else 'info'. */
  level?: string;
  /** Where JSON lines go; stderr by default (stdout belongs to the program's output). */
  stream?: NodeJS.WritableStream;
  /** Environment to read BERTH_LOG_LEVEL from; process.env by default. */
  env?: NodeJS.ProcessEnv;
}

/** Fields a child logger adds to every record, e.g. { req_id } or { container_id }. */
export type LogContext = Record<string, unknown>;

function isLogLevel(value: string): value is LogLevelName {
  return (LOG_LEVELS as readonly string[]).includes(value);
}

/** Picks the level: explicit option, else $BERTH_LOG_LEVEL, else 'info'; names the bad source. */
export function resolveLogLevel(
  level: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): LogLevelName {
  const [value, source] =
    level !== undefined ? [level, 'log level'] : [env[LOG_LEVEL_ENV], `environment ${LOG_LEVEL_ENV}`];
  if (value === undefined || value === '') return 'info';
  const normalized = value.toLowerCase();
  if (!isLogLevel(normalized)) {
    throw new InvalidArgumentError(`${source}: "${value}" is not one of ${LOG_LEVELS.join(', ')}`, {
      reason: 'LOG_LEVEL_INVALID',
    });
  }
  return normalized;
}

// bunyan serialises records with plain JSON.stringify, which throws on BigInt; as a raw stream
// this receives the record object and serialises it safely instead.
function jsonLineStream(target: NodeJS.WritableStream): Writable {
  return new Writable({
    objectMode: true,
    write(record: unknown, _encoding, done) {
      target.write(`${safeJsonStringify(record)}\n`);
      done();
    },
  });
}

// bunyan's err serializer (message, name, stack, code, signal) plus Berth's reason and details.
function serializeError(err: unknown): unknown {
  if (!(err instanceof Error)) return err;
  const serialized: Record<string, unknown> = bunyan.stdSerializers.err(err);
  const { reason, details } = err as { reason?: unknown; details?: unknown };
  if (reason !== undefined) serialized.reason = reason;
  if (details !== undefined) serialized.details = details;
  return serialized;
}

/** A bunyan logger writing one JSON object per line, with `component` on every record. */
export function createLogger(options: LoggerOptions): Logger {
  const level = resolveLogLevel(options.level, options.env);
  return bunyan.createLogger({
    name: options.component,
    component: options.component,
    level,
    streams: [{ type: 'raw', level, stream: jsonLineStream(options.stream ?? process.stderr) }],
    serializers: { err: serializeError },
  });
}

/** A child logger whose records all carry `context` (undefined values are left out). */
export function childLogger(log: Logger, context: LogContext): Logger {
  const fields = Object.fromEntries(Object.entries(context).filter(([, value]) => value !== undefined));
  return log.child(fields, true);
}
