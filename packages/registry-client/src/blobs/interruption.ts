import { OciError } from '@berth/oci';
import { ConnectionError, RegistryError } from '../errors';

/**
 * Whether a download failed because the connection broke (worth resuming) rather than because
 * the registry refused it or the content is wrong (never retried: a wrong byte stays wrong).
 */
export function isInterruption(error: unknown): boolean {
  if (error instanceof ConnectionError) return true;
  if (error instanceof RegistryError || error instanceof OciError) return false;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return (
    code === 'ECONNRESET' ||
    code === 'EPIPE' ||
    code === 'ETIMEDOUT' ||
    code === 'ERR_STREAM_PREMATURE_CLOSE' ||
    code === 'ERR_HTTP2_STREAM_ERROR' ||
    code === 'ERR_HTTP2_SESSION_ERROR' ||
    code === 'ERR_HTTP2_GOAWAY_SESSION' ||
    code === 'ERR_HTTP2_STREAM_CANCEL' ||
    (error instanceof Error && error.message === 'aborted')
  );
}
