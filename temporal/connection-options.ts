import { readFileSync } from 'node:fs';
import type { TLSConfig } from '@temporalio/client';
import { SETTINGS, type BatonConfig } from '../config/env';

/**
 * How every Baton process reaches Temporal: the client's `Connection` and the worker's
 * `NativeConnection` take the same options, built here once from the configuration — plain for a
 * dev server or the compose network; TLS with a client certificate (mTLS) or an API key for
 * Temporal Cloud or a secured cluster. The files are read now, at start-up, so a wrong path stops
 * the process with the variable named instead of failing the first call.
 */

export type TemporalConnectionSettings = Pick<
  BatonConfig,
  'temporalTls' | 'temporalTlsClientCertPath' | 'temporalTlsClientKeyPath' | 'temporalTlsServerCaCertPath' | 'temporalTlsServerName' | 'temporalApiKey'
>;

/** What `Connection.connect` and `NativeConnection.connect` both accept. */
export interface TemporalConnectionOptions {
  address: string;
  tls: TLSConfig | false;
  apiKey?: string;
}

/** A Temporal connection setting that cannot work: its variables are named in the message. */
export class TemporalConnectionSettingsError extends Error {
  readonly code = 'temporal_connection_settings';
  override readonly name = 'TemporalConnectionSettingsError';
}

const variable = (key: keyof TemporalConnectionSettings) => SETTINGS[key].env;

function readPem(key: 'temporalTlsClientCertPath' | 'temporalTlsClientKeyPath' | 'temporalTlsServerCaCertPath', path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    // Not `instanceof Error`: fs errors may come from another realm (jest's sandbox).
    const reason = typeof error === 'object' && error !== null && 'message' in error ? String(error.message) : String(error);
    throw new TemporalConnectionSettingsError(`${variable(key)}: cannot read ${path} (${reason})`, { cause: error });
  }
}

export function temporalConnectionOptions(settings: TemporalConnectionSettings, address: string): TemporalConnectionOptions {
  const { temporalTls, temporalTlsClientCertPath: certPath, temporalTlsClientKeyPath: keyPath, temporalTlsServerCaCertPath: caPath, temporalTlsServerName: serverName, temporalApiKey: apiKey } = settings;
  if (certPath && !keyPath) throw new TemporalConnectionSettingsError(`${variable('temporalTlsClientCertPath')} is set without ${variable('temporalTlsClientKeyPath')}: mTLS needs the certificate and its key`);
  if (keyPath && !certPath) throw new TemporalConnectionSettingsError(`${variable('temporalTlsClientKeyPath')} is set without ${variable('temporalTlsClientCertPath')}: mTLS needs the certificate and its key`);
  const tlsOnly = (['temporalTlsClientCertPath', 'temporalTlsServerCaCertPath', 'temporalTlsServerName'] as const).filter((key) => settings[key] !== undefined);
  if (temporalTls === false && tlsOnly.length > 0) {
    throw new TemporalConnectionSettingsError(`${variable('temporalTls')}=false contradicts ${tlsOnly.map(variable).join(', ')}: unset one or the other`);
  }
  const withApiKey = apiKey ? { apiKey } : {};
  // An API key alone turns TLS on, as in Temporal's own clients; TEMPORAL_TLS=false is the explicit way out (a local TLS-terminating proxy).
  if (temporalTls === false || (temporalTls === undefined && tlsOnly.length === 0 && !apiKey)) return { address, tls: false, ...withApiKey };
  const tls: TLSConfig = {
    ...(certPath && keyPath ? { clientCertPair: { crt: readPem('temporalTlsClientCertPath', certPath), key: readPem('temporalTlsClientKeyPath', keyPath) } } : {}),
    ...(caPath ? { serverRootCACertificate: readPem('temporalTlsServerCaCertPath', caPath) } : {}),
    ...(serverName ? { serverNameOverride: serverName } : {}),
  };
  return { address, tls, ...withApiKey };
}

/** For the start-up log line: how the connection is secured, never a secret. */
export function describeTemporalConnection(options: TemporalConnectionOptions): string {
  if (!options.tls) return options.apiKey ? 'plaintext with an API key' : 'plaintext';
  const parts = ['TLS', ...(options.tls.clientCertPair ? ['client certificate'] : []), ...(options.apiKey ? ['API key'] : [])];
  return parts.join(', ');
}
