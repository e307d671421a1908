import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createApp } from '../../api/app';
import { customerTokens } from '../../api/customer-tokens';
import type { ApiContext, ChannelSettings, RateLimitSettings } from '../../api/context';
import { createWakeups } from '../../api/wakeups';
import { parseCodecKeys } from '../../config/codec-keys';
import { createLogger } from '../../observability/logger';
import { encryptionCodec } from '../../temporal/codec';
import { createTestDatabase, type TestDatabase } from './database';
import { startTestWorker, testCodecKeys, type TestWorker, type TestWorkerOptions } from './temporal';
import type { OfferPolicy, WaitPolicy } from '../../domain/conversation';

export const TEST_API_KEY = 'test-key-0123456789abcdef';
/** The Temporal UI origin the test API's codec endpoint answers. */
export const TEST_TEMPORAL_UI_ORIGIN = 'http://localhost:8233';

export interface TestApi {
  baseUrl: string;
  testDb: TestDatabase;
  temporal: TestWorker;
  call: (method: string, path: string, options?: CallOptions) => Promise<{ status: number; body: any; headers: Headers }>;
  stop: () => Promise<void>;
}

export interface CallOptions {
  body?: unknown;
  /** Sent as is, for malformed JSON. */
  rawBody?: string;
  headers?: Record<string, string>;
  auth?: string | null;
}

/**
 * What every test's API is made of: the policies the tests assume (recheck 20 s, reminders 60 s,
 * offers 30 s, away after 3 missed), the test key and its customer tokens, a quiet logger; the
 * caller gives its own database, Temporal client, task queue and outbox nudge, and any override.
 */
export function testAppContext(own: Pick<ApiContext, 'db' | 'temporal' | 'taskQueue' | 'notifyOutbox'> & Partial<ApiContext>): ApiContext {
  return {
    settings: { queueRecheckSeconds: 20 },
    waitPolicy: { reminderSeconds: 60, callbackOfferSeconds: 600 },
    offerPolicy: { timeoutSeconds: 30, awayAfterMissed: 3 },
    apiKey: TEST_API_KEY,
    customerTokens: customerTokens(TEST_API_KEY, 3600),
    logger: createLogger(process.env.TEST_API_LOG ?? 'silent'),
    channels: { publicUrl: 'http://127.0.0.1' },
    ...own,
  };
}

/** The real API over HTTP, with a real worker, Temporal dev server and Postgres schema behind it. */
export async function startTestApi({
  queueRecheckSeconds = 20,
  waitPolicy = { reminderSeconds: 60, callbackOfferSeconds: 600 },
  offerPolicy = { timeoutSeconds: 30, awayAfterMissed: 3 },
  worker = {},
  demo = false,
  channels = {},
  rateLimits,
  corsOrigins,
}: {
  queueRecheckSeconds?: number;
  waitPolicy?: WaitPolicy;
  offerPolicy?: OfferPolicy;
  worker?: TestWorkerOptions;
  demo?: boolean;
  /** The channels whose providers call in (their secrets), as `ChannelSettings` without the public URL. */
  channels?: Omit<ChannelSettings, 'publicUrl'> & { publicUrl?: string };
  /** Without them nothing is limited. */
  rateLimits?: RateLimitSettings;
  /** The origins allowed to call `/v1` cross-origin; without them, same-origin only. */
  corsOrigins?: string[];
} = {}): Promise<TestApi> {
  const testDb = await createTestDatabase();
  const temporal = await startTestWorker(testDb.db, worker);
  // The public URL providers sign against is this server's, known once it listens.
  const wakeups = createWakeups(testDb.db, createLogger('silent'));
  const settings: ChannelSettings = { publicUrl: channels.publicUrl ?? 'http://127.0.0.1', ...channels };
  const app = createApp(
    testAppContext({
      db: testDb.db,
      temporal: temporal.client,
      taskQueue: temporal.taskQueue,
      settings: { queueRecheckSeconds },
      waitPolicy,
      offerPolicy,
      demo,
      notifyOutbox: temporal.notifyOutbox,
      channels: settings,
      wakeups,
      codecEndpoint: { codec: encryptionCodec(parseCodecKeys(testCodecKeys())), allowedOrigins: [TEST_TEMPORAL_UI_ORIGIN] },
      ...(rateLimits ? { rateLimits } : {}),
      ...(corsOrigins ? { corsOrigins } : {}),
    }),
  );
  const server: Server = await new Promise((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  if (!channels.publicUrl) settings.publicUrl = baseUrl;
  const call: TestApi['call'] = async (method, path, options = {}) => {
    const headers: Record<string, string> = { ...options.headers };
    const auth = options.auth === undefined ? `Bearer ${TEST_API_KEY}` : options.auth;
    if (auth !== null) headers.Authorization = auth;
    let payload: string | undefined = options.rawBody;
    if (options.body !== undefined) payload = JSON.stringify(options.body);
    if (payload !== undefined && !headers['Content-Type']) headers['Content-Type'] = 'application/json';
    const response = await fetch(`${baseUrl}${path}`, { method, headers, body: payload });
    const text = await response.text();
    const contentType = response.headers.get('content-type') ?? '';
    return { status: response.status, body: contentType.includes('json') ? JSON.parse(text) : text, headers: response.headers };
  };
  return {
    baseUrl,
    testDb,
    temporal,
    call,
    stop: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await wakeups.close();
      await temporal.stop();
      await testDb.drop();
    },
  };
}
