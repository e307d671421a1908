import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../../config/env';
import { describeTemporalConnection, TemporalConnectionSettingsError, temporalConnectionOptions } from '../../temporal/connection-options';
import { makeTestCertificates, type TestCertificates } from './tls-proxy';

const ADDRESS = 'baton.a1b2c.tmprl.cloud:7233';
const optionsFrom = (env: NodeJS.ProcessEnv) => temporalConnectionOptions(loadConfig({}, env), ADDRESS);
const failureOf = (env: NodeJS.ProcessEnv): Error => {
  try {
    optionsFrom(env);
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the settings to be refused');
};

let certificates: TestCertificates;
beforeAll(() => {
  certificates = makeTestCertificates();
});
afterAll(() => certificates.remove());

describe('temporalConnectionOptions', () => {
  it('connects in plaintext when no TLS setting or API key is set (the dev server, the compose network)', () => {
    expect(optionsFrom({})).toEqual({ address: ADDRESS, tls: false });
  });

  it('reads the client certificate and key for mTLS, with the CA and server name when given', () => {
    const options = optionsFrom({
      TEMPORAL_TLS_CLIENT_CERT_PATH: certificates.clientCertPath,
      TEMPORAL_TLS_CLIENT_KEY_PATH: certificates.clientKeyPath,
      TEMPORAL_TLS_SERVER_CA_CERT_PATH: certificates.caPath,
      TEMPORAL_TLS_SERVER_NAME: 'temporal.test',
    });
    expect(options.tls).not.toBe(false);
    if (!options.tls) return;
    expect(Buffer.from(options.tls.clientCertPair!.crt).toString()).toContain('BEGIN CERTIFICATE');
    expect(Buffer.from(options.tls.clientCertPair!.key).toString()).toContain('PRIVATE KEY');
    expect(Buffer.from(options.tls.serverRootCACertificate!).toString()).toContain('BEGIN CERTIFICATE');
    expect(options.tls.serverNameOverride).toBe('temporal.test');
    expect(options.apiKey).toBeUndefined();
    expect(describeTemporalConnection(options)).toBe('TLS, client certificate');
  });

  it('trusts the system roots when no CA is given (Temporal Cloud)', () => {
    const options = optionsFrom({ TEMPORAL_TLS_CLIENT_CERT_PATH: certificates.clientCertPath, TEMPORAL_TLS_CLIENT_KEY_PATH: certificates.clientKeyPath });
    expect(options.tls && options.tls.serverRootCACertificate).toBeUndefined();
  });

  it('sends an API key over TLS: the key alone turns TLS on', () => {
    const options = optionsFrom({ TEMPORAL_API_KEY: 'cloud-key' });
    expect(options).toEqual({ address: ADDRESS, tls: {}, apiKey: 'cloud-key' });
    expect(describeTemporalConnection(options)).toBe('TLS, API key');
  });

  it('keeps an API key in plaintext only when TEMPORAL_TLS=false says so', () => {
    expect(optionsFrom({ TEMPORAL_API_KEY: 'cloud-key', TEMPORAL_TLS: 'false' })).toEqual({ address: ADDRESS, tls: false, apiKey: 'cloud-key' });
  });

  it('turns TLS on by TEMPORAL_TLS=true alone, against the system roots', () => {
    expect(optionsFrom({ TEMPORAL_TLS: 'true' })).toEqual({ address: ADDRESS, tls: {} });
  });

  it('refuses a certificate without its key, naming the missing variable', () => {
    const error = failureOf({ TEMPORAL_TLS_CLIENT_CERT_PATH: certificates.clientCertPath });
    expect(error).toBeInstanceOf(TemporalConnectionSettingsError);
    expect(error.message).toMatch(/^TEMPORAL_TLS_CLIENT_CERT_PATH is set without TEMPORAL_TLS_CLIENT_KEY_PATH/);
  });

  it('refuses a key without its certificate, naming the missing variable', () => {
    expect(failureOf({ TEMPORAL_TLS_CLIENT_KEY_PATH: certificates.clientKeyPath }).message).toMatch(
      /^TEMPORAL_TLS_CLIENT_KEY_PATH is set without TEMPORAL_TLS_CLIENT_CERT_PATH/,
    );
  });

  it.each(['TEMPORAL_TLS_CLIENT_CERT_PATH', 'TEMPORAL_TLS_CLIENT_KEY_PATH', 'TEMPORAL_TLS_SERVER_CA_CERT_PATH'])('says which file it cannot read: %s', (name) => {
    const missing = path.join(certificates.dir, 'missing.pem');
    const error = failureOf({
      TEMPORAL_TLS_CLIENT_CERT_PATH: certificates.clientCertPath,
      TEMPORAL_TLS_CLIENT_KEY_PATH: certificates.clientKeyPath,
      TEMPORAL_TLS_SERVER_CA_CERT_PATH: certificates.caPath,
      [name]: missing,
    });
    expect(error).toBeInstanceOf(TemporalConnectionSettingsError);
    expect(error.message).toMatch(new RegExp(`^${name}: cannot read ${missing.replace(/[.]/g, '\\.')} \\(ENOENT`));
  });

  it('says which file it cannot read when the path is a directory', () => {
    expect(failureOf({ TEMPORAL_TLS_SERVER_CA_CERT_PATH: certificates.dir }).message).toMatch(/^TEMPORAL_TLS_SERVER_CA_CERT_PATH: cannot read .*EISDIR/);
  });

  it('refuses TEMPORAL_TLS=false together with TLS settings', () => {
    const error = failureOf({ TEMPORAL_TLS: 'false', TEMPORAL_TLS_SERVER_CA_CERT_PATH: certificates.caPath, TEMPORAL_TLS_SERVER_NAME: 'temporal.test' });
    expect(error.message).toBe('TEMPORAL_TLS=false contradicts TEMPORAL_TLS_SERVER_CA_CERT_PATH, TEMPORAL_TLS_SERVER_NAME: unset one or the other');
  });

  it('refuses a TEMPORAL_TLS that is not true or false, at loadConfig', () => {
    expect(() => loadConfig({}, { TEMPORAL_TLS: 'yes' })).toThrow(/temporalTls \(TEMPORAL_TLS\): must be true or false/);
  });

  it('reads the files once, when the options are built at start-up', () => {
    const copy = path.join(certificates.dir, 'ca-copy.pem');
    writeFileSync(copy, 'first');
    const options = optionsFrom({ TEMPORAL_TLS_SERVER_CA_CERT_PATH: copy });
    writeFileSync(copy, 'second');
    expect(options.tls && Buffer.from(options.tls.serverRootCACertificate!).toString()).toBe('first');
  });
});
