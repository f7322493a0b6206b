import type { CredentialProvider } from '../auth/credentials';
import { dockerConfigCredentials } from '../auth/docker-config';
import type { RegistryClientOptions } from '../client-options';
import { DEFAULT_CERTS_DIRS, readHostCertificates } from '../transport/certs-dir';
import { apiHost, isLoopbackHost } from '../transport/host-options';
import { HttpTransport, type TransportOptions } from '../transport/http-transport';
import { DEFAULT_RETRY_POLICY } from '../transport/retry-policy';
import { Endpoint, mirrorSpec, type EndpointSpec } from './endpoint';
import { RegistryHost } from './registry-host';

const DEFAULT_IDLE_TIMEOUT_MS = 60_000;
export const DEFAULT_USER_AGENT = 'berth-registry/0.1';

/** Caller's credentials first, then docker's config.json (helpers and auths). */
export function credentialProvider(options: RegistryClientOptions): CredentialProvider {
  const given = options.credentials;
  const fromCaller: CredentialProvider = typeof given === 'function' ? given : async (host) => given?.[host];
  const fromDocker =
    options.dockerConfig === false ? undefined : dockerConfigCredentials(options.dockerConfig ?? undefined);
  return async (host) =>
    (await fromCaller(host)) ?? (fromDocker === undefined ? undefined : fromDocker(host));
}

/** Builds the endpoints (mirrors, then the registry) of a reference domain with their TLS settings. */
export async function createRegistryHost(
  domain: string,
  options: RegistryClientOptions,
  credentials: CredentialProvider,
): Promise<RegistryHost> {
  const hostOptions = options.hosts?.[domain] ?? {};
  const transportOptions: TransportOptions = {
    idleTimeoutMs: options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS,
    userAgent: options.userAgent ?? DEFAULT_USER_AGENT,
    http2: options.http2 ?? true,
  };
  const certsDirs = options.certsDirs ?? DEFAULT_CERTS_DIRS;
  const specs: EndpointSpec[] = (hostOptions.mirrors ?? []).map((mirror) => {
    const spec = mirrorSpec(mirror, false);
    const insecure = options.hosts?.[spec.host]?.insecure ?? isLoopbackHost(spec.host);
    return { ...spec, insecure };
  });
  const network = apiHost(domain);
  specs.push({ host: network, insecure: hostOptions.insecure ?? isLoopbackHost(network), mirror: false });
  const endpoints = await Promise.all(
    specs.map(async (spec) => {
      const own = options.hosts?.[spec.host] ?? (spec.mirror ? {} : hostOptions);
      const fromDir = await readHostCertificates(spec.host, certsDirs);
      const clientCert = own.clientCert ?? fromDir.clientCert;
      return Endpoint.create(
        spec,
        {
          verify: !spec.insecure,
          ca: [...fromDir.ca, ...(own.ca ?? [])],
          ...(clientCert ? { clientCert } : {}),
        },
        transportOptions,
        spec.mirror ? spec.host : domain,
        credentials,
        options.schemeCache,
      );
    }),
  );
  return new RegistryHost(
    domain,
    endpoints,
    { ...DEFAULT_RETRY_POLICY, ...options.retry },
    // Foreign layers' URLs are verified like any https site: the registry's TLS settings are its own.
    new HttpTransport({ verify: true }, transportOptions),
  );
}
