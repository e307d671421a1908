import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import path from 'node:path';
import { formatCodecKey, parseCodecKeys, type CodecKey } from '../config/codec-keys';
import { loadConfig, type BatonConfig } from '../config/env';
import { startEmbeddedPostgres, stopLeftoverPostgres } from '../db/embedded';
import { demoKeys, type DemoKey } from '../demo/keys';
import { seedDemoData } from '../demo/seed';
import { createLogger } from '../observability/logger';
import { resolveTemporalCli } from '../temporal/cli';
import { startDevServer, stopLeftoverDevServer } from '../temporal/dev-server';
import { installTemporalRuntime } from '../temporal/runtime';
import { createWakeups } from '../api/wakeups';
import { apiRegistries, serveAlongside } from '../api/metrics';
import { workerRegistry } from '../observability/metrics';
import { serveMetrics } from '../observability/metrics-server';
import { apiFrom, channelSettingsFrom, connectTemporal, openDatabase, workerFrom } from '../worker/wiring';
import { takenPorts, type NeededPort } from '../config/ports';

/**
 * `npm start`: the whole product on one machine with no configuration — a Temporal dev server,
 * Postgres (DATABASE_URL, or an embedded PostgreSQL server under .data/), the worker and the API.
 * It checks every port it needs first, and on Ctrl-C or SIGTERM stops the parts in reverse order.
 */
async function main(): Promise<void> {
  const startedAt = Date.now();
  const config = loadConfig();
  installTemporalRuntime(config.logLevel, config.temporalMetricsAddress);
  const logger = createLogger(config.logLevel);
  const dataDir = path.resolve(config.dataDir);
  mkdirSync(dataDir, { recursive: true });
  // Customer data is encrypted in the Temporal history whatever the configuration: without keys, one generated once.
  const codecKeysGenerated = !config.codecKeys;
  config.codecKeys ??= persistentCodecKeys(dataDir);

  // A previous start killed with -9 leaves its servers running on this data directory: stop them first.
  if (!config.temporalAddress) await stopLeftoverDevServer(dataDir);
  if (!config.databaseUrl) await stopLeftoverPostgres(dataDir);
  const taken = await takenPorts(neededPorts(config));
  if (taken.length > 0) {
    for (const { name, host, port } of taken) process.stderr.write(`Cannot start: port ${port} on ${host} (${name}) is already in use.\n`);
    process.stderr.write('Stop what holds it, or choose other ports: PORT, BATON_TEMPORAL_PORT, BATON_TEMPORAL_UI_PORT, BATON_POSTGRES_PORT.\n');
    process.exit(1);
  }

  const stops: Array<() => Promise<void>> = [];
  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    for (const stop of stops.reverse()) await stop().catch((error: unknown) => logger.error({ err: error }, 'stopping a part failed'));
    process.exit(code);
  };
  process.once('SIGINT', () => void shutdown(0));
  process.once('SIGTERM', () => void shutdown(0));

  try {
    // The two slow parts start side by side; whichever started is stopped if the other failed.
    const [temporalStart, databaseStart] = await Promise.allSettled([startTemporal(config, dataDir), startDatabase(config, dataDir)]);
    for (const started of [databaseStart, temporalStart]) if (started.status === 'fulfilled') stops.push(started.value.stop);
    if (temporalStart.status === 'rejected') throw temporalStart.reason;
    if (databaseStart.status === 'rejected') throw databaseStart.reason;
    const [temporal, database] = [temporalStart.value, databaseStart.value];

    const db = await openDatabase(config, database.url, logger);
    stops.push(() => db.end());
    // The embedded default comes with a starter knowledge base, demo customers and a demo floor to try.
    const demo = !config.databaseUrl;
    if (demo) await seedDemoData(db);
    const keys = demo ? await demoKeys(db, dataDir) : [];

    const apiKey = config.apiKey ?? persistentGeneratedKey(dataDir);
    const client = await connectTemporal(config, temporal.address, logger);
    stops.push(() => client.connection.close());
    const worker = await workerFrom(config, { db, temporal: client, address: temporal.address });
    const workerRun = worker.run();
    workerRun.catch((error: unknown) => {
      logger.error({ err: error }, 'the worker stopped');
      void shutdown(1);
    });
    stops.push(async () => {
      // The SDK drains the worker on SIGINT/SIGTERM by itself; shut it down only if it has not begun.
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await workerRun.catch(() => undefined);
    });

    const wakeups = createWakeups(db, logger);
    stops.push(() => wakeups.close());
    const app = apiFrom(config, { db, temporal: client, apiKey, logger, demo, wakeups });
    const http: Server = await new Promise((resolve, reject) => {
      const server = app.listen(config.port, '0.0.0.0', () => resolve(server));
      server.once('error', reject);
    });
    stops.push(() => new Promise((resolve) => http.close(() => resolve())));
    // The worker runs in this process: its metrics on their own port, or else in the API's /metrics.
    if (config.workerMetricsPort) stops.push((await serveMetrics(() => [workerRegistry], { port: config.workerMetricsPort })).close);
    else serveAlongside(db, workerRegistry);
    if (config.metricsPort) stops.push((await serveMetrics(() => apiRegistries(db), { port: config.metricsPort })).close);

    const seconds = ((Date.now() - startedAt) / 1000).toFixed(1);
    process.stdout.write(
      [
        '',
        `Baton is running (ready in ${seconds} s)`,
        `  API            http://127.0.0.1:${config.port}   (GET /healthz)`,
        `  API key        ${apiKey}${config.apiKey ? '' : '   (generated; kept in ' + path.join(dataDir, 'api-key') + ')'}`,
        `  Temporal gRPC  ${temporal.address}`,
        `  Temporal UI    ${temporal.uiUrl}   (payloads are encrypted; its codec endpoint is http://127.0.0.1:${config.port}/codec, which takes a supervisor key)`,
        `  Codec keys     key "${config.codecKeys[0]!.id}" encrypts${codecKeysGenerated ? '   (generated; kept in ' + path.join(dataDir, 'codec-keys') + ', set BATON_CODEC_KEYS to choose your own)' : ' (BATON_CODEC_KEYS)'}`,
        `  Postgres       ${database.label}`,
        metricsLine(config),
        channelLine(config),
        ...(demo ? demoLines(config.port, keys, dataDir) : []),
        '',
        '',
      ].join('\n'),
    );
  } catch (error) {
    logger.error({ err: error }, 'start-up failed');
    await shutdown(1);
  }
}

/** Which providers' webhooks are on, and where they are to be registered. */
function channelLine(config: BatonConfig): string {
  const { publicUrl, telegram, wechat, voice } = channelSettingsFrom(config);
  const on = [
    telegram ? `Telegram ${publicUrl}/channels/telegram/webhook` : null,
    wechat ? `WeChat ${publicUrl}/channels/wechat` : null,
    voice ? `phone ${publicUrl}/channels/voice/incoming` : null,
  ].filter(Boolean);
  return `  Channels       ${on.length ? on.join(' · ') : 'web and the REST API (Telegram, WeChat and the phone turn on with their settings)'}`;
}

/** Where Prometheus finds Baton's metrics. */
function metricsLine({ port, metricsPort, workerMetricsPort }: BatonConfig): string {
  const ownPorts = [metricsPort ? `API :${metricsPort}/metrics` : null, workerMetricsPort ? `worker :${workerMetricsPort}/metrics` : null].filter(Boolean);
  return `  Metrics        http://127.0.0.1:${port}/metrics (service or supervisor key)${ownPorts.length ? `; without a key: ${ownPorts.join(', ')}` : ''}`;
}

/** Where to try the product: the demo shop, the console, and the keys to sign in with. */
function demoLines(port: number, keys: DemoKey[], dataDir: string): string[] {
  return [
    '',
    `  Demo shop      http://127.0.0.1:${port}/demo      (the customer's side: chat, ask for a person)`,
    `  Console        http://127.0.0.1:${port}/console   (the agent's side; sign in with a key below)`,
    ...keys.map((entry) => `    ${entry.key}   ${entry.name} (${entry.role}, ${entry.agentId})`),
    `    (kept in ${path.join(dataDir, 'demo-keys.json')})`,
  ];
}

function neededPorts(config: BatonConfig): NeededPort[] {
  return [
    { name: 'the API, PORT', port: config.port, host: '0.0.0.0' },
    ...(config.metricsPort ? [{ name: 'the API metrics, BATON_METRICS_PORT', port: config.metricsPort, host: '0.0.0.0' }] : []),
    ...(config.workerMetricsPort ? [{ name: 'the worker metrics, BATON_WORKER_METRICS_PORT', port: config.workerMetricsPort, host: '0.0.0.0' }] : []),
    ...(config.temporalAddress
      ? []
      : [
          { name: 'Temporal gRPC, BATON_TEMPORAL_PORT', port: config.temporalPort, host: '127.0.0.1' },
          { name: 'the Temporal UI, BATON_TEMPORAL_UI_PORT', port: config.temporalUiPort, host: '127.0.0.1' },
        ]),
    ...(config.databaseUrl ? [] : [{ name: 'embedded Postgres, BATON_POSTGRES_PORT', port: config.postgresPort, host: '127.0.0.1' }]),
  ];
}

interface StartedTemporal {
  address: string;
  uiUrl: string;
  stop: () => Promise<void>;
}

async function startTemporal(config: BatonConfig, dataDir: string): Promise<StartedTemporal> {
  if (config.temporalAddress) return { address: config.temporalAddress, uiUrl: 'your Temporal UI', stop: async () => undefined };
  const cli = resolveTemporalCli({ configured: config.temporalCli, install: true });
  if (!cli) throw new Error('the temporal CLI is missing and could not be installed: python3 -m pip install -r requirements.txt');
  const server = await startDevServer({
    cli,
    dataDir,
    namespace: config.temporalNamespace,
    port: config.temporalPort,
    uiPort: config.temporalUiPort,
    codecEndpoint: `http://127.0.0.1:${config.port}/codec`,
  });
  return { address: server.address, uiUrl: server.uiUrl, stop: server.stop };
}

interface StartedDatabase {
  url: string;
  label: string;
  stop: () => Promise<void>;
}

async function startDatabase(config: BatonConfig, dataDir: string): Promise<StartedDatabase> {
  if (config.databaseUrl) return { url: config.databaseUrl, label: 'DATABASE_URL', stop: async () => undefined };
  const embedded = await startEmbeddedPostgres({ dataDir, port: config.postgresPort });
  return {
    url: embedded.connectionString,
    label: `embedded PostgreSQL ${embedded.version} on 127.0.0.1:${config.postgresPort} (${path.join(dataDir, 'postgres')}; log ${embedded.logFile})`,
    stop: embedded.stop,
  };
}

/** A generated key survives restarts, so clients configured once keep working. */
function persistentGeneratedKey(dataDir: string): string {
  const file = path.join(dataDir, 'api-key');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const key = randomBytes(24).toString('base64url');
  writeFileSync(file, `${key}\n`, { mode: 0o600 });
  return key;
}

/** The generated payload codec key survives restarts too: the history it encrypted stays readable. */
function persistentCodecKeys(dataDir: string): CodecKey[] {
  const file = path.join(dataDir, 'codec-keys');
  if (existsSync(file)) return parseCodecKeys(readFileSync(file, 'utf8').trim());
  const keys = [{ id: 'local', key: randomBytes(32) }];
  writeFileSync(file, `${keys.map(formatCodecKey).join(',')}\n`, { mode: 0o600 });
  return keys;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
