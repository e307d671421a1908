import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http2 from 'node:http2';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TLSSocket } from 'node:tls';

/**
 * A Temporal frontend behind TLS, for tests: the dev server speaks plain gRPC only (`temporal server
 * start-dev` has no TLS flags), so this terminates TLS — optionally demanding a client certificate
 * signed by the test CA, or an API key — and forwards each gRPC call to the plain server.
 */

export interface TestCertificates {
  dir: string;
  caPath: string;
  serverCertPath: string;
  serverKeyPath: string;
  clientCertPath: string;
  clientKeyPath: string;
  /** A client certificate from a CA the proxy does not trust. */
  strangerCertPath: string;
  strangerKeyPath: string;
  remove: () => void;
}

const OPENSSL_CONFIG = `
[req]
distinguished_name = dn
[dn]
[ca]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
[server]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = DNS:temporal.test,DNS:localhost,IP:127.0.0.1
[client]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = clientAuth
`;

/** A throwaway CA, a server certificate for temporal.test / localhost / 127.0.0.1, and client certificates, made with openssl. */
export function makeTestCertificates(): TestCertificates {
  const dir = mkdtempSync(path.join(tmpdir(), 'baton-tls-'));
  const file = (name: string) => path.join(dir, name);
  writeFileSync(file('openssl.cnf'), OPENSSL_CONFIG);
  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  const newKey = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  const makeCa = (name: string) =>
    openssl('req', '-x509', '-config', 'openssl.cnf', '-extensions', 'ca', ...newKey, '-keyout', `${name}.key`, '-out', `${name}.pem`, '-days', '1', '-subj', `/CN=${name}`);
  const makeLeaf = (name: string, ca: string, extensions: 'server' | 'client') => {
    openssl('req', '-new', '-config', 'openssl.cnf', ...newKey, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=baton-test-${name}`);
    openssl('x509', '-req', '-in', `${name}.csr`, '-CA', `${ca}.pem`, '-CAkey', `${ca}.key`, '-set_serial', '0x1f2e3d4c5b6a', '-days', '1', '-extfile', 'openssl.cnf', '-extensions', extensions, '-out', `${name}.pem`);
  };
  makeCa('ca');
  makeCa('stranger-ca');
  makeLeaf('server', 'ca', 'server');
  makeLeaf('client', 'ca', 'client');
  makeLeaf('stranger', 'stranger-ca', 'client');
  return {
    dir,
    caPath: file('ca.pem'),
    serverCertPath: file('server.pem'),
    serverKeyPath: file('server.key'),
    clientCertPath: file('client.pem'),
    clientKeyPath: file('client.key'),
    strangerCertPath: file('stranger.pem'),
    strangerKeyPath: file('stranger.key'),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export interface TlsProxy {
  address: string;
  /** The client certificates' subjects (CN) of the calls forwarded, in order. */
  forwardedFor: string[];
  /** Calls turned away for a missing or wrong API key. */
  refusedForApiKey: number;
  /** Why each refused TLS handshake failed, as OpenSSL said it (`ERR_SSL_…` codes). */
  handshakeFailures: string[];
  close: () => Promise<void>;
}

export interface TlsProxyOptions {
  backend: string;
  certificates: TestCertificates;
  /** Refuse a TLS handshake without a client certificate signed by the test CA (mTLS). */
  requireClientCertificate: boolean;
  /** Refuse a call whose `authorization` is not `Bearer <apiKey>`. */
  apiKey?: string;
}

const HOP_BY_HOP = new Set([':scheme', ':authority', 'connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'proxy-connection']);

export async function startTlsProxy({ backend, certificates, requireClientCertificate, apiKey }: TlsProxyOptions): Promise<TlsProxy> {
  const upstream = http2.connect(`http://${backend}`);
  upstream.on('error', () => undefined);
  const proxy: TlsProxy = { address: '', forwardedFor: [], refusedForApiKey: 0, handshakeFailures: [], close: async () => undefined };
  const server = http2.createSecureServer({
    key: readFileSync(certificates.serverKeyPath),
    cert: readFileSync(certificates.serverCertPath),
    ca: readFileSync(certificates.caPath),
    requestCert: requireClientCertificate,
    rejectUnauthorized: requireClientCertificate,
  });
  server.on('tlsClientError', (error: NodeJS.ErrnoException) => proxy.handshakeFailures.push(error.code ?? error.message));
  const sessions = new Set<http2.ServerHttp2Session>();
  server.on('session', (session) => {
    sessions.add(session);
    session.on('close', () => sessions.delete(session));
  });
  server.on('stream', (stream, headers) => {
    stream.on('error', () => undefined);
    if (apiKey !== undefined && headers.authorization !== `Bearer ${apiKey}`) {
      proxy.refusedForApiKey += 1;
      stream.respond({ ':status': 200, 'content-type': 'application/grpc', 'grpc-status': '16', 'grpc-message': 'the proxy wants an API key' }, { endStream: true });
      return;
    }
    const peer = (stream.session?.socket as TLSSocket | undefined)?.getPeerCertificate();
    proxy.forwardedFor.push(String(peer?.subject?.CN ?? '(no client certificate)'));
    const forwarded = Object.fromEntries(Object.entries(headers).filter(([name]) => !HOP_BY_HOP.has(name)));
    const call = upstream.request(forwarded);
    call.on('error', () => stream.close(http2.constants.NGHTTP2_INTERNAL_ERROR));
    let trailers: http2.OutgoingHttpHeaders = {};
    call.on('response', (responseHeaders) => {
      const response = Object.fromEntries(Object.entries(responseHeaders).filter(([name]) => !name.startsWith(':') || name === ':status'));
      // A trailers-only answer (an error): the status is in the headers, and the stream ends with them.
      if (responseHeaders['grpc-status'] !== undefined) stream.respond(response, { endStream: true });
      else {
        stream.respond(response, { waitForTrailers: true });
        call.pipe(stream);
      }
    });
    call.on('trailers', (received) => {
      trailers = received;
    });
    stream.on('wantTrailers', () => stream.sendTrailers(trailers));
    stream.pipe(call);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.address = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  proxy.close = () =>
    new Promise<void>((resolve) => {
      upstream.close();
      server.close(() => resolve());
      // Sessions a client left open would hold close() forever.
      for (const session of sessions) session.destroy();
    });
  return proxy;
}
