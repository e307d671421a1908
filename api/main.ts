import { loadConfig } from '../config/env';
import { createLogger } from '../observability/logger';
import { apiFrom, connectStandalone } from '../worker/wiring';
import { apiRegistries } from './metrics';
import { createWakeups } from './wakeups';
import { serveMetrics } from '../observability/metrics-server';

/** `npm run api`: the REST API alone, against TEMPORAL_ADDRESS and DATABASE_URL. */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel, 'baton-api');
  if (!config.apiKey) throw new Error('BATON_API_KEY is required for `npm run api`');
  const { db, temporal } = await connectStandalone(config, 'api', logger);
  const wakeups = createWakeups(db, logger);
  const app = apiFrom(config, { db, temporal, apiKey: config.apiKey, logger, wakeups });
  const server = app.listen(config.port, () => logger.info({ port: config.port }, 'api listening'));
  // The metrics without a key, on a port of their own for Prometheus (GET /metrics on PORT takes a key).
  const metrics = config.metricsPort ? await serveMetrics(() => apiRegistries(db), { port: config.metricsPort }) : null;
  const stop = () => server.close(() => void wakeups.close().then(() => metrics?.close()).then(() => db.end()).then(() => process.exit(0)));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
