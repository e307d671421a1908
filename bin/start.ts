import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { createApp } from '../api/app';
import { loadConfig } from '../config/env';
import { startEmbeddedPostgres } from '../db/embedded';
import { migrate } from '../db/migrate';
import { seedDemoData } from '../db/seed';
import { createPool } from '../db/pool';
import { createLogger } from '../observability/logger';
import { resolveTemporalCli } from '../temporal/cli';
import { startDevServer } from '../temporal/dev-server';
import { installTemporalRuntime } from '../temporal/runtime';
import { activityDependenciesFrom } from '../worker/dependencies';
import { createBatonWorker } from '../worker/worker';
import { SEARCH_ATTRIBUTES } from '../workflows/search-attributes';

/**
 * `npm start`: the whole product on one machine with no configuration — a Temporal dev server,
 * Postgres (DATABASE_URL, or embedded PGlite under .data/), the worker and the API.
 */
async function main(): Promise<void> {
  const startedAt = Date.now();
  const config = loadConfig();
  installTemporalRuntime(config.logLevel);
  const logger = createLogger(config.logLevel);
  const stops: Array<() => Promise<void>> = [];
  const dataDir = path.resolve(config.dataDir);
  mkdirSync(dataDir, { recursive: true });

  let temporalAddress = config.temporalAddress;
  let temporalUi = 'your Temporal UI';
  if (!temporalAddress) {
    const cli = resolveTemporalCli({ configured: config.temporalCli, install: true });
    if (cli) {
      const server = await startDevServer({ cli, dataDir, namespace: config.temporalNamespace });
      stops.push(server.stop);
      temporalAddress = server.address;
      temporalUi = server.uiUrl;
    } else {
      // Last resort: the SDK downloads the CLI (needs internet access).
      const { TestWorkflowEnvironment } = await import('@temporalio/testing');
      const env = await TestWorkflowEnvironment.createLocal({
        server: { port: 7233, uiPort: 8233, dbFilename: path.join(dataDir, 'temporal.sqlite'), searchAttributes: SEARCH_ATTRIBUTES },
      });
      stops.push(() => env.teardown());
      temporalAddress = env.address;
      temporalUi = 'http://127.0.0.1:8233';
    }
  }

  let databaseUrl = config.databaseUrl;
  let poolMax = config.dbPoolMax;
  let databaseLabel = 'DATABASE_URL';
  if (!databaseUrl) {
    const embedded = await startEmbeddedPostgres({ dataDir, port: config.pglitePort });
    stops.push(embedded.stop);
    databaseUrl = embedded.connectionString;
    poolMax = Math.min(poolMax, embedded.maxConnections - 2);
    databaseLabel = `embedded PGlite (${path.join(dataDir, 'pglite')})`;
  }
  const db = createPool({ connectionString: databaseUrl, max: poolMax });
  stops.unshift(() => db.end());
  await migrate(db);
  // The embedded default comes with a starter knowledge base and demo customers to try.
  if (!config.databaseUrl) await seedDemoData(db);

  const apiKey = config.apiKey ?? persistentGeneratedKey(dataDir);
  const temporal = new Client({ connection: await Connection.connect({ address: temporalAddress }), namespace: config.temporalNamespace });
  const worker = await createBatonWorker({
    connection: await NativeConnection.connect({ address: temporalAddress }),
    namespace: config.temporalNamespace,
    taskQueue: config.taskQueue,
    dependencies: activityDependenciesFrom(config, db, temporal),
  });
  const workerRun = worker.run();

  const app = createApp({
    db,
    temporal,
    taskQueue: config.taskQueue,
    settings: { queueRecheckSeconds: config.queueRecheckSeconds },
    waitPolicy: { reminderSeconds: config.queueReminderSeconds, callbackOfferSeconds: config.callbackOfferSeconds },
    offerPolicy: { timeoutSeconds: config.offerTimeoutSeconds, awayAfterMissed: config.offerMissesBeforeAway },
    apiKey,
    logger,
  });
  const http: Server = await new Promise((resolve) => {
    const server = app.listen(config.port, '0.0.0.0', () => resolve(server));
  });

  const seconds = ((Date.now() - startedAt) / 1000).toFixed(1);
  process.stdout.write(
    [
      '',
      `Baton is running (ready in ${seconds} s)`,
      `  API            http://127.0.0.1:${config.port}   (GET /healthz)`,
      `  API key        ${apiKey}${config.apiKey ? '' : '   (generated; kept in ' + path.join(dataDir, 'api-key') + ')'}`,
      `  Temporal gRPC  ${temporalAddress}`,
      `  Temporal UI    ${temporalUi}`,
      `  Postgres       ${databaseLabel}`,
      '',
      '',
    ].join('\n'),
  );

  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    await new Promise((resolve) => http.close(resolve));
    // The SDK drains the worker on SIGINT/SIGTERM by itself; shut it down only if it has not begun.
    if (worker.getState() === 'RUNNING') worker.shutdown();
    await workerRun.catch(() => undefined);
    for (const stop of stops) await stop().catch(() => undefined);
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown());
  process.once('SIGTERM', () => void shutdown());
}

/** A generated key survives restarts, so clients configured once keep working. */
function persistentGeneratedKey(dataDir: string): string {
  const file = path.join(dataDir, 'api-key');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const key = randomBytes(24).toString('base64url');
  writeFileSync(file, `${key}\n`, { mode: 0o600 });
  return key;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
