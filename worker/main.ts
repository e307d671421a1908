import { loadConfig } from '../config/env';
import { createLogger } from '../observability/logger';
import { installTemporalRuntime } from '../temporal/runtime';
import { connectStandalone, workerFrom } from './wiring';

/** `npm run worker`: the Temporal worker alone, against TEMPORAL_ADDRESS and DATABASE_URL. */
async function main(): Promise<void> {
  const config = loadConfig();
  installTemporalRuntime(config.logLevel, config.temporalMetricsAddress);
  const logger = createLogger(config.logLevel, 'baton-worker');
  const { db, temporal, address } = await connectStandalone(config, 'worker', logger);
  const worker = await workerFrom(config, { db, temporal, address });
  logger.info({ address, taskQueue: config.taskQueue }, 'worker polling');
  await worker.run();
  await db.end();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
