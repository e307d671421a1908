import { Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { loadConfig } from '../../config/env';
import { temporalConnectionOptions } from '../../temporal/connection-options';
import { testEnv } from '../support/test-env';
import { makeTestCertificates, startTlsProxy, type TestCertificates, type TlsProxy } from './tls-proxy';

/**
 * The options Baton builds from TEMPORAL_TLS_* and TEMPORAL_API_KEY, against a real TLS endpoint:
 * the test's dev server behind a TLS-terminating proxy (tls-proxy.ts) that demands the test CA's
 * client certificate, or an API key. Both connections Baton makes are tried: the client's
 * `Connection` (grpc-js) and the worker's `NativeConnection` (the Rust core).
 */

let certificates: TestCertificates;
let mtls: TlsProxy;
let apiKeyProxy: TlsProxy;

beforeAll(async () => {
  certificates = makeTestCertificates();
  const backend = testEnv('temporalAddress');
  mtls = await startTlsProxy({ backend, certificates, requireClientCertificate: true });
  apiKeyProxy = await startTlsProxy({ backend, certificates, requireClientCertificate: false, apiKey: 'test-api-key-1234' });
});

afterAll(async () => {
  await mtls?.close();
  await apiKeyProxy?.close();
  certificates?.remove();
});

const optionsFor = (proxy: TlsProxy, env: NodeJS.ProcessEnv) => temporalConnectionOptions(loadConfig({}, env), proxy.address);

const withClientCertificate = () => ({
  TEMPORAL_TLS_CLIENT_CERT_PATH: certificates.clientCertPath,
  TEMPORAL_TLS_CLIENT_KEY_PATH: certificates.clientKeyPath,
  TEMPORAL_TLS_SERVER_CA_CERT_PATH: certificates.caPath,
  TEMPORAL_TLS_SERVER_NAME: 'temporal.test',
});

/** Why a connection was refused: the error and its causes, in one line. */
async function refusal(attempt: Promise<unknown>): Promise<string> {
  try {
    await attempt;
  } catch (error) {
    const messages: string[] = [];
    for (let current: unknown = error; current instanceof Object && 'message' in current; current = (current as { cause?: unknown }).cause) {
      messages.push(String((current as { message: unknown }).message));
    }
    return messages.join(' <- ');
  }
  throw new Error('expected the connection to be refused');
}

async function systemInfoThroughClient(options: ReturnType<typeof optionsFor>): Promise<string> {
  const connection = await Connection.connect({ ...options, connectTimeout: 2000 });
  try {
    const info = await connection.workflowService.getSystemInfo({});
    return info.serverVersion ?? '';
  } finally {
    await connection.close();
  }
}

describe('a plain Temporal frontend (the dev server, the compose network)', () => {
  it('is reached in plaintext by the client and the worker when no TLS setting is set', async () => {
    const options = temporalConnectionOptions(loadConfig({}, {}), testEnv('temporalAddress'));
    expect(options.tls).toBe(false);
    await expect(systemInfoThroughClient(options)).resolves.toMatch(/^\d+\.\d+/);
    const connection = await NativeConnection.connect(options);
    await connection.close();
  });
});

describe('a Temporal frontend that demands a client certificate (mTLS)', () => {
  it('lets the client in with the configured certificate, key and CA', async () => {
    const before = mtls.forwardedFor.length;
    await expect(systemInfoThroughClient(optionsFor(mtls, withClientCertificate()))).resolves.toMatch(/^\d+\.\d+/);
    expect(mtls.forwardedFor.slice(before)).toContain('baton-test-client');
  });

  it("lets the worker's native connection in with the same settings", async () => {
    const before = mtls.forwardedFor.length;
    const connection = await NativeConnection.connect(optionsFor(mtls, withClientCertificate()));
    try {
      const info = await connection.workflowService.getSystemInfo({});
      expect(info.capabilities).toBeTruthy();
    } finally {
      await connection.close();
    }
    expect(mtls.forwardedFor.slice(before)).toContain('baton-test-client');
  });

  /** What the proxy saw of one attempt: handshakes it refused, calls it forwarded. */
  async function attempt(connecting: Promise<unknown>): Promise<{ reason: string; handshakeFailures: string[]; forwarded: number }> {
    const before = { failures: mtls.handshakeFailures.length, forwarded: mtls.forwardedFor.length };
    const reason = await refusal(connecting);
    return { reason, handshakeFailures: mtls.handshakeFailures.slice(before.failures), forwarded: mtls.forwardedFor.length - before.forwarded };
  }
  const withoutClientCertificate = () => {
    const { TEMPORAL_TLS_SERVER_CA_CERT_PATH, TEMPORAL_TLS_SERVER_NAME } = withClientCertificate();
    return { TEMPORAL_TLS_SERVER_CA_CERT_PATH, TEMPORAL_TLS_SERVER_NAME };
  };

  it('turns the client away without a client certificate', async () => {
    const seen = await attempt(systemInfoThroughClient(optionsFor(mtls, withoutClientCertificate())));
    expect(seen.reason).toMatch(/Failed to connect/);
    expect(seen.handshakeFailures).toContain('ERR_SSL_PEER_DID_NOT_RETURN_A_CERTIFICATE');
    expect(seen.forwarded).toBe(0);
  });

  it("turns the worker's native connection away without a client certificate", async () => {
    const seen = await attempt(NativeConnection.connect(optionsFor(mtls, withoutClientCertificate())));
    // TLS 1.3: the client may learn of the refusal only after its handshake (an alert, a reset, a
    // broken pipe, a closed connection): the proxy's side says why.
    expect(seen.reason).toMatch(/Failed to call GetSystemInfo/);
    expect(seen.handshakeFailures).toContain('ERR_SSL_PEER_DID_NOT_RETURN_A_CERTIFICATE');
    expect(seen.forwarded).toBe(0);
  });

  it('turns away a client certificate from another CA', async () => {
    const env = { ...withClientCertificate(), TEMPORAL_TLS_CLIENT_CERT_PATH: certificates.strangerCertPath, TEMPORAL_TLS_CLIENT_KEY_PATH: certificates.strangerKeyPath };
    const seen = await attempt(NativeConnection.connect(optionsFor(mtls, env)));
    expect(seen.reason).toMatch(/Failed to call GetSystemInfo/);
    expect(seen.handshakeFailures.length).toBeGreaterThan(0);
    expect(seen.forwarded).toBe(0);
  });

  it("refuses a server whose certificate the system roots don't know, when no CA is configured", async () => {
    const { TEMPORAL_TLS_CLIENT_CERT_PATH, TEMPORAL_TLS_CLIENT_KEY_PATH, TEMPORAL_TLS_SERVER_NAME } = withClientCertificate();
    const seen = await attempt(NativeConnection.connect(optionsFor(mtls, { TEMPORAL_TLS_CLIENT_CERT_PATH, TEMPORAL_TLS_CLIENT_KEY_PATH, TEMPORAL_TLS_SERVER_NAME })));
    expect(seen.reason).toMatch(/UnknownIssuer/);
    expect(seen.handshakeFailures).toContain('ERR_SSL_TLSV1_ALERT_UNKNOWN_CA');
  });

  it('checks the server certificate against TEMPORAL_TLS_SERVER_NAME', async () => {
    const seen = await attempt(NativeConnection.connect(optionsFor(mtls, { ...withClientCertificate(), TEMPORAL_TLS_SERVER_NAME: 'other.test' })));
    expect(seen.reason).toMatch(/NotValidForName.*other\.test/);
    expect(seen.forwarded).toBe(0);
  });

  it('refuses plaintext against the TLS port', async () => {
    const seen = await attempt(systemInfoThroughClient(optionsFor(mtls, {})));
    expect(seen.reason).toMatch(/Failed to connect/);
    expect(seen.handshakeFailures).toContain('ERR_SSL_WRONG_VERSION_NUMBER');
    expect(seen.forwarded).toBe(0);
  });
});

describe('a Temporal frontend that takes an API key over TLS', () => {
  const trustTheTestCa = () => ({ TEMPORAL_TLS_SERVER_CA_CERT_PATH: certificates.caPath, TEMPORAL_TLS_SERVER_NAME: 'temporal.test' });

  it('lets the client in with TEMPORAL_API_KEY', async () => {
    const before = { forwarded: apiKeyProxy.forwardedFor.length, refused: apiKeyProxy.refusedForApiKey };
    await expect(systemInfoThroughClient(optionsFor(apiKeyProxy, { ...trustTheTestCa(), TEMPORAL_API_KEY: 'test-api-key-1234' }))).resolves.toMatch(/^\d+\.\d+/);
    expect(apiKeyProxy.forwardedFor.length).toBeGreaterThan(before.forwarded);
    expect(apiKeyProxy.refusedForApiKey).toBe(before.refused);
  });

  it("lets the worker's native connection in with TEMPORAL_API_KEY", async () => {
    const before = apiKeyProxy.forwardedFor.length;
    const connection = await NativeConnection.connect(optionsFor(apiKeyProxy, { ...trustTheTestCa(), TEMPORAL_API_KEY: 'test-api-key-1234' }));
    try {
      await connection.workflowService.getSystemInfo({});
    } finally {
      await connection.close();
    }
    expect(apiKeyProxy.forwardedFor.length).toBeGreaterThan(before);
  });

  it('turns the client away without the key, or with another', async () => {
    const refused = apiKeyProxy.refusedForApiKey;
    expect(await refusal(systemInfoThroughClient(optionsFor(apiKeyProxy, trustTheTestCa())))).toMatch(/UNAUTHENTICATED: the proxy wants an API key/);
    expect(await refusal(systemInfoThroughClient(optionsFor(apiKeyProxy, { ...trustTheTestCa(), TEMPORAL_API_KEY: 'another-key-5678' })))).toMatch(/UNAUTHENTICATED: the proxy wants an API key/);
    expect(apiKeyProxy.refusedForApiKey).toBe(refused + 2);
  });
});
