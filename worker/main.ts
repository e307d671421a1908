import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { loadConfig } from '../config/env';
import { migrate } from '../db/migrate';
import { createPool } from '../db/pool';
import { createLogger } from '../observability/logger';
import { installTemporalRuntime } from '../temporal/runtime';
import { ensureSearchAttributes } from '../temporal/search-attributes-setup';
import { activityDependenciesFrom } from './dependencies';
import { createBatonWorker } from './worker';

/** `npm run worker`: the Temporal worker alone, against TEMPORAL_ADDRESS and DATABASE_URL. */
async function main(): Promise<void> {
  const config = loadConfig();
  installTemporalRuntime(config.logLevel);
  const logger = createLogger(config.logLevel, 'baton-worker');
  if (!config.databaseUrl) throw new Error('DATABASE_URL is required for `npm run worker` (`npm start` embeds a database)');
  const address = config.temporalAddress ?? '127.0.0.1:7233';
  const db = createPool({ connectionString: config.databaseUrl, max: config.dbPoolMax });
  await migrate(db);
  const connection = await Connection.connect({ address });
  const client = new Client({ connection, namespace: config.temporalNamespace });
  const added = await ensureSearchAttributes(connection, config.temporalNamespace);
  if (added.length > 0) logger.info({ added }, 'registered search attributes');
  const worker = await createBatonWorker({
    connection: await NativeConnection.connect({ address }),
    namespace: config.temporalNamespace,
    taskQueue: config.taskQueue,
    dependencies: activityDependenciesFrom(config, db, client),
  });
  logger.info({ address, taskQueue: config.taskQueue }, 'worker polling');
  await worker.run();
  await db.end();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
