import { loadConfig } from '../config/env';
import { createLogger } from '../observability/logger';
import { workerRegistry } from '../observability/metrics';
import { serveMetrics } from '../observability/metrics-server';
import { installTemporalRuntime } from '../temporal/runtime';
import { connectStandalone, workerFrom } from './wiring';

/** `npm run worker`: the Temporal worker alone, against TEMPORAL_ADDRESS and DATABASE_URL. */
async function main(): Promise<void> {
  const config = loadConfig();
  installTemporalRuntime(config.logLevel, config.temporalMetricsAddress);
  const logger = createLogger(config.logLevel, 'baton-worker');
  const { db, temporal, address } = await connectStandalone(config, 'worker', logger);
  const worker = await workerFrom(config, { db, temporal, address });
  // Baton's own metrics (the Temporal SDK's are on BATON_TEMPORAL_METRICS_ADDRESS).
  const metrics = config.workerMetricsPort ? await serveMetrics(() => [workerRegistry], { port: config.workerMetricsPort }) : null;
  logger.info({ address, taskQueue: config.taskQueue, metricsPort: metrics?.port }, 'worker polling');
  await worker.run();
  await metrics?.close();
  await db.end();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
