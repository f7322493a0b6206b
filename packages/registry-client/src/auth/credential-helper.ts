import { AuthenticationError } from '../errors';
import type { Credentials } from './credentials';

// Helpers answer this (in stdout) when they hold nothing for a server.
const NOT_FOUND_MESSAGE = 'credentials not found in native keychain';

interface HelperResult {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

function run(helper: string, action: string, input: string): Promise<HelperResult> {
  const program = `docker-credential-${helper}`;
  return new Promise((resolve, reject) => {
    // Loaded on first use: most commands run no helper (start-up time).
    const { spawn } = require('node:child_process') as typeof import('node:child_process');
    const child = spawn(program, [action], { stdio: ['pipe', 'pipe', 'pipe'], env: process.env });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', (error) =>
      reject(
        new AuthenticationError(
          `credential helper ${program}: ${error.message}`,
          'CREDENTIAL_HELPER_FAILED',
          error,
        ),
      ),
    );
    child.on('close', (status) => resolve({ status: status ?? 1, stdout, stderr }));
    child.stdin.on('error', () => undefined);
    child.stdin.end(input);
  });
}

function failure(helper: string, action: string, result: HelperResult): AuthenticationError {
  const why = (result.stderr.trim() || result.stdout.trim() || `exit status ${result.status}`).split('\n')[0];
  return new AuthenticationError(`docker-credential-${helper} ${action}: ${why}`, 'CREDENTIAL_HELPER_FAILED');
}

/**
 * Runs `docker-credential-<helper> get` (docker's credential helper protocol: the server URL on
 * stdin, `{"Username","Secret"}` on stdout). A username of `<token>` marks an identity token.
 */
export async function helperGet(helper: string, serverUrl: string): Promise<Credentials | undefined> {
  const result = await run(helper, 'get', serverUrl);
  if (result.status !== 0) {
    if (result.stdout.includes(NOT_FOUND_MESSAGE) || result.stderr.includes(NOT_FOUND_MESSAGE))
      return undefined;
    throw failure(helper, 'get', result);
  }
  let json: { Username?: unknown; Secret?: unknown };
  try {
    json = JSON.parse(result.stdout) as typeof json;
  } catch {
    throw new AuthenticationError(
      `docker-credential-${helper} get: output is not JSON`,
      'CREDENTIAL_HELPER_FAILED',
    );
  }
  if (typeof json.Secret !== 'string' || json.Secret === '') return undefined;
  const username = typeof json.Username === 'string' ? json.Username : '';
  return username === '<token>' ? { identityToken: json.Secret } : { username, password: json.Secret };
}

export async function helperStore(
  helper: string,
  serverUrl: string,
  credentials: Credentials,
): Promise<void> {
  const payload =
    'identityToken' in credentials
      ? { ServerURL: serverUrl, Username: '<token>', Secret: credentials.identityToken }
      : { ServerURL: serverUrl, Username: credentials.username, Secret: credentials.password };
  const result = await run(helper, 'store', JSON.stringify(payload));
  if (result.status !== 0) throw failure(helper, 'store', result);
}

export async function helperErase(helper: string, serverUrl: string): Promise<void> {
  const result = await run(helper, 'erase', serverUrl);
  if (result.status !== 0 && !(result.stdout + result.stderr).includes(NOT_FOUND_MESSAGE)) {
    throw failure(helper, 'erase', result);
  }
}
