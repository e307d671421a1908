import { Client, Connection } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import type { BatonWorker } from './worker';
import type express from 'express';
import type { Pool } from 'pg';
import { createApp } from '../api/app';
import type { ApiContext, ChannelSettings } from '../api/context';
import type { Wakeups } from '../api/wakeups';
import { SENDER_CHANNELS } from '../channels/from-config';
import { encryptedDataConverter, encryptionCodec } from '../temporal/codec';
import { createOutboxNotifier } from '../temporal/notify';
import { customerTokens } from '../api/customer-tokens';
import type { BatonConfig } from '../config/env';
import { migrate } from '../db/migrate';
import { createPool } from '../db/pool';
import type { Logger } from '../observability/logger';
import { ensureSearchAttributes } from '../temporal/search-attributes-setup';
import { describeTemporalConnection, temporalConnectionOptions } from '../temporal/connection-options';

/**
 * The start-up every Baton process shares, written once: `npm start` (bin/start.ts), `npm run api`
 * (api/main.ts) and `npm run worker` (worker/main.ts) open the database and Temporal with these and
 * build the API and the worker from the configuration. What is particular to a process — the
 * embedded servers, the port checks, the banner, how it stops — stays in its main. (It lives in
 * worker/ because nothing may import bin/ and api/ may not import the activities.)
 */

/** Where `npm run api` and `npm run worker` find Temporal when TEMPORAL_ADDRESS is unset. */
export const LOCAL_TEMPORAL_ADDRESS = '127.0.0.1:7233';

/** A pool of `dbPoolMax` on the database, with the migrations applied (safe in every process at once). */
export async function openDatabase(config: BatonConfig, connectionString: string, logger: Logger): Promise<Pool> {
  const db = createPool({ connectionString, max: config.dbPoolMax, logger });
  try {
    await migrate(db);
  } catch (error) {
    await db.end().catch(() => undefined);
    throw error;
  }
  return db;
}

/**
 * What every Temporal client and worker of Baton's encodes with: customer data is encrypted before
 * it reaches Temporal (temporal/codec.ts). There is no running without keys: `npm start` generates one.
 */
export function dataConverterFrom(config: BatonConfig): DataConverter {
  if (!config.codecKeys) throw new Error('BATON_CODEC_KEYS is required: the keys that encrypt customer data in the Temporal history (`npm start` generates one)');
  return encryptedDataConverter(encryptionCodec(config.codecKeys));
}

/** A client on the configured namespace, which gets Baton's search attributes if any is missing. */
export async function connectTemporal(config: BatonConfig, address: string, logger: Logger): Promise<Client> {
  const dataConverter = dataConverterFrom(config);
  // TLS, a client certificate or an API key as configured (temporal/connection-options.ts); the worker's connection is built the same way.
  const options = temporalConnectionOptions(config, address);
  const connection = await Connection.connect(options);
  logger.info({ address, security: describeTemporalConnection(options) }, 'connected to Temporal');
  try {
    const added = await ensureSearchAttributes(connection, config.temporalNamespace);
    if (added.length > 0) logger.info({ added }, 'registered search attributes');
  } catch (error) {
    await connection.close().catch(() => undefined);
    throw error;
  }
  return new Client({ connection, namespace: config.temporalNamespace, dataConverter });
}

export interface ApiParts {
  db: Pool;
  temporal: Client;
  /** The service key: `BATON_API_KEY`, or the one `npm start` generated. */
  apiKey: string;
  logger: Logger;
  /** `npm start`'s embedded demo: serve the demo shop and its session endpoint. */
  demo?: boolean;
  /** Wakes the live streams on database changes (api/wakeups.ts); its owner closes it before the pool. */
  wakeups?: Wakeups;
}

/** What the API runs on: its parts, and the conversation settings and policies as configured. */
export function apiContextFrom(config: BatonConfig, { db, temporal, apiKey, logger, demo = false, wakeups }: ApiParts): ApiContext {
  return {
    db,
    temporal,
    taskQueue: config.taskQueue,
    settings: { queueRecheckSeconds: config.queueRecheckSeconds },
    waitPolicy: { reminderSeconds: config.queueReminderSeconds, callbackOfferSeconds: config.callbackOfferSeconds },
    offerPolicy: { timeoutSeconds: config.offerTimeoutSeconds, awayAfterMissed: config.offerMissesBeforeAway },
    apiKey,
    customerTokens: customerTokens(apiKey, config.customerTokenTtlSeconds),
    logger,
    demo,
    notifyOutbox: createOutboxNotifier(temporal, { db, taskQueue: config.taskQueue, channels: SENDER_CHANNELS, maximumAttempts: config.deliveryAttempts }),
    channels: channelSettingsFrom(config),
    rateLimits: { customerPerMinute: config.rateLimitCustomerPerMinute, channelPerMinute: config.rateLimitChannelPerMinute, keyPerMinute: config.rateLimitKeyPerMinute },
    corsOrigins: corsOriginsFrom(config, demo),
    ...(wakeups ? { wakeups } : {}),
    ...(config.codecKeys ? { codecEndpoint: { codec: encryptionCodec(config.codecKeys), allowedOrigins: temporalUiOriginsFrom(config) } } : {}),
  };
}

/**
 * The browser origins allowed to call `/v1`: BATON_CORS_ORIGINS; unset, none (same-origin only),
 * except that `npm start`'s demo allows its own, both spellings of loopback.
 */
export function corsOriginsFrom(config: BatonConfig, demo: boolean): string[] {
  return config.corsOrigins ?? (demo ? [`http://localhost:${config.port}`, `http://127.0.0.1:${config.port}`] : []);
}

/** The browser origins the codec endpoint answers: BATON_TEMPORAL_UI_ORIGINS, or the embedded dev UI's (both spellings of loopback). */
export function temporalUiOriginsFrom(config: BatonConfig): string[] {
  return config.temporalUiOrigins ?? [`http://localhost:${config.temporalUiPort}`, `http://127.0.0.1:${config.temporalUiPort}`];
}

/** The channels whose providers call the API, each on when its secrets are set. */
export function channelSettingsFrom(config: BatonConfig): ChannelSettings {
  const { telegramWebhookSecret, telegramBotToken, wechatToken, twilioAuthToken } = config;
  return {
    publicUrl: (config.publicUrl ?? `http://127.0.0.1:${config.port}`).replace(/\/+$/, ''),
    ...(telegramWebhookSecret && telegramBotToken ? { telegram: { webhookSecret: telegramWebhookSecret, botToken: telegramBotToken, apiBase: config.telegramApiBase } } : {}),
    ...(wechatToken ? { wechat: { token: wechatToken, appId: config.wechatAppId ?? null, aesKey: config.wechatAesKey ?? null } } : {}),
    ...(twilioAuthToken ? { voice: { authToken: twilioAuthToken } } : {}),
  };
}

/** The REST API (not yet listening). */
export function apiFrom(config: BatonConfig, parts: ApiParts): express.Express {
  return createApp(apiContextFrom(config, parts));
}

export interface WorkerParts {
  db: Pool;
  temporal: Client;
  /** The Temporal frontend the worker polls (the client's own address). */
  address: string;
}

/** The worker on the configured task queue, its activities built from the configuration (not yet running). */
export async function workerFrom(config: BatonConfig, { db, temporal, address }: WorkerParts): Promise<BatonWorker> {
  // Loaded here, not above: the API process never loads the worker SDK or the activities.
  const [{ NativeConnection }, { createBatonWorker }, { activityDependenciesFrom }] = await Promise.all([
    import('@temporalio/worker'),
    import('./worker'),
    import('./dependencies'),
  ]);
  return createBatonWorker({
    connection: await NativeConnection.connect(temporalConnectionOptions(config, address)),
    namespace: config.temporalNamespace,
    taskQueue: config.taskQueue,
    dataConverter: dataConverterFrom(config),
    dependencies: activityDependenciesFrom(config, db, temporal),
    ...(config.workerCachedWorkflows ? { cachedWorkflows: config.workerCachedWorkflows } : {}),
  });
}

export interface StandaloneParts {
  db: Pool;
  temporal: Client;
  address: string;
}

/**
 * `npm run api` and `npm run worker`: the database at DATABASE_URL (required: only `npm start`
 * embeds one) and Temporal at TEMPORAL_ADDRESS, or the local default.
 */
export async function connectStandalone(config: BatonConfig, role: 'api' | 'worker', logger: Logger): Promise<StandaloneParts> {
  if (!config.databaseUrl) throw new Error(`DATABASE_URL is required for \`npm run ${role}\` (\`npm start\` embeds a database)`);
  const address = config.temporalAddress ?? LOCAL_TEMPORAL_ADDRESS;
  const db = await openDatabase(config, config.databaseUrl, logger);
  try {
    return { db, temporal: await connectTemporal(config, address, logger), address };
  } catch (error) {
    await db.end().catch(() => undefined);
    throw error;
  }
}
