import { Client, Connection } from '@temporalio/client';
import { loadConfig } from '../config/env';
import { migrate } from '../db/migrate';
import { createPool } from '../db/pool';
import { createLogger } from '../observability/logger';
import { ensureSearchAttributes } from '../temporal/search-attributes-setup';
import { createApp } from './app';

/** `npm run api`: the REST API alone, against TEMPORAL_ADDRESS and DATABASE_URL. */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel, 'baton-api');
  if (!config.databaseUrl) throw new Error('DATABASE_URL is required for `npm run api` (`npm start` embeds a database)');
  if (!config.apiKey) throw new Error('BATON_API_KEY is required for `npm run api`');
  const db = createPool({ connectionString: config.databaseUrl, max: config.dbPoolMax });
  await migrate(db);
  const connection = await Connection.connect({ address: config.temporalAddress ?? '127.0.0.1:7233' });
  const temporal = new Client({ connection, namespace: config.temporalNamespace });
  await ensureSearchAttributes(connection, config.temporalNamespace);
  const app = createApp({
    db,
    temporal,
    taskQueue: config.taskQueue,
    settings: { queueRecheckSeconds: config.queueRecheckSeconds },
    waitPolicy: { reminderSeconds: config.queueReminderSeconds, callbackOfferSeconds: config.callbackOfferSeconds },
    offerPolicy: { timeoutSeconds: config.offerTimeoutSeconds, awayAfterMissed: config.offerMissesBeforeAway },
    apiKey: config.apiKey,
    logger,
  });
  const server = app.listen(config.port, () => logger.info({ port: config.port }, 'api listening'));
  const stop = () => server.close(() => void db.end().then(() => process.exit(0)));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
