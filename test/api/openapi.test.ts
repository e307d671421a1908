import { parseCodecKeys } from '../../config/codec-keys';
import { encryptionCodec } from '../../temporal/codec';
import { randomUUID } from 'node:crypto';
import type { Express } from 'express';
import { createApp } from '../../api/app';
import { OPERATIONS } from '../../api/openapi/document';
import type { Operation } from '../../api/openapi/operation';
import { saveArticles } from '../../db/knowledge';
import { SEED_ARTICLES } from '../../knowledge/seed-articles';
import { startTestApi, testAppContext, TEST_API_KEY, type TestApi } from '../support/api';
import { signedWechatQuery, twilioSignature } from '../support/channel-requests';
import { PATIENT_POLICY } from '../support/policies';
import { eventually } from '../support/temporal';

/**
 * The OpenAPI document (api/openapi/) against the API itself: every route Express registers is in
 * the document and nothing else is; and real answers, driven through the main flows, each have a
 * status the document declares for that route, a declared media type, and a body its schema accepts.
 */

const TELEGRAM_SECRET = 'telegram-secret-0123456789';
const WECHAT_TOKEN = 'wechat-token';
const TWILIO_TOKEN = 'twilio-auth-token-0123456789';
const CHANNELS = {
  // Nothing listens there: the typing indicator fails quietly, as it may in production.
  telegram: { webhookSecret: TELEGRAM_SECRET, botToken: '123:abc', apiBase: 'http://127.0.0.1:9' },
  wechat: { token: WECHAT_TOKEN, appId: null, aesKey: null },
  voice: { authToken: TWILIO_TOKEN },
};

let api: TestApi;

beforeAll(async () => {
  api = await startTestApi({ worker: { triggerPolicy: PATIENT_POLICY }, demo: true, channels: CHANNELS });
  await saveArticles(api.testDb.db, SEED_ARTICLES);
});
beforeEach(() => api.testDb.db.query(`update agents set status = 'offline'`));
afterAll(() => api.stop());

/** Every method and path Express registered, nested routers included, in OpenAPI's form (`/v1/agents/{id}`). */
function registeredRoutes(app: Express): string[] {
  interface Layer {
    rawPath?: unknown;
    route?: { path: string; methods: Record<string, boolean> };
    handle: { stack?: Layer[] };
  }
  const found: string[] = [];
  const walk = (stack: Layer[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route) {
        for (const method of Object.keys(layer.route.methods).filter((name) => layer.route!.methods[name])) {
          found.push(`${method.toUpperCase()} ${openApiPath(prefix + layer.route.path)}`);
        }
      } else if (layer.handle.stack) {
        walk(layer.handle.stack, typeof layer.rawPath === 'string' && layer.rawPath !== '/' ? prefix + layer.rawPath : prefix);
      }
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack, '');
  return [...new Set(found)].sort();
}

const openApiPath = (expressPath: string) => expressPath.replace(/:(\w+)/g, '{$1}').replace(/(.)\/$/, '$1');

const declaredRoutes = () => OPERATIONS.map((operation) => `${operation.method.toUpperCase()} ${operation.path}`).sort();

/** The operation a concrete request reaches, by the document's path templates. */
function operationOf(method: string, path: string): Operation | undefined {
  const bare = path.split('?')[0]!;
  return OPERATIONS.find(
    (operation) =>
      operation.method === method.toLowerCase() &&
      new RegExp(`^${operation.path.replace(/[.]/g, '\\.').replace(/\{\w+\}/g, '[^/]+')}$`).test(bare),
  );
}

/** What a response contradicts in the document: an undeclared status, media type, or a body its schema refuses. */
function contradictions(method: string, path: string, status: number, contentType: string, body: unknown): string[] {
  const operation = operationOf(method, path);
  if (!operation) return [`${method} ${path}: no operation in the document`];
  const declared = operation.responses[status];
  if (!declared) return [`${method} ${path}: status ${status} is not declared (declared: ${Object.keys(operation.responses).join(', ')})`];
  const mediaType = contentType.split(';')[0]!.trim();
  if (!declared.content) return mediaType ? [`${method} ${path} ${status}: a ${mediaType} body where none is declared`] : [];
  const schema = declared.content[mediaType];
  if (!schema) return [`${method} ${path} ${status}: media type ${mediaType || '(none)'} is not declared (declared: ${Object.keys(declared.content).join(', ')})`];
  const parsed = schema.safeParse(body);
  return parsed.success ? [] : [`${method} ${path} ${status}: body does not fit the schema: ${JSON.stringify(parsed.error.issues.slice(0, 3))}`];
}

/** Each answer checked, with the operation and status it covered. */
const covered = new Set<string>();
const problems: string[] = [];

interface Answer {
  status: number;
  body: any;
  headers: Headers;
}

/** A request through the real API, its answer checked against the document before the test looks at it. */
async function call(
  method: string,
  path: string,
  options: { body?: unknown; rawBody?: string | Buffer; headers?: Record<string, string>; auth?: string | null } = {},
): Promise<Answer> {
  const headers: Record<string, string> = { ...options.headers };
  const auth = options.auth === undefined ? `Bearer ${TEST_API_KEY}` : options.auth;
  if (auth !== null) headers.Authorization = auth;
  const payload = options.body !== undefined ? JSON.stringify(options.body) : options.rawBody;
  if (payload !== undefined && !headers['Content-Type']) headers['Content-Type'] = 'application/json';
  const response = await fetch(`${api.baseUrl}${path}`, { method, headers, body: payload });
  const contentType = response.headers.get('content-type') ?? '';
  const isStream = contentType.startsWith('text/event-stream');
  // A stream does not end by itself: its status and type are what there is to check.
  const text = isStream ? '' : await response.text();
  if (isStream) await response.body?.cancel();
  const body = contentType.includes('json') ? JSON.parse(text) : text;
  const found = contradictions(method, path, response.status, contentType, body);
  problems.push(...found);
  expect(found).toEqual([]);
  const operation = operationOf(method, path);
  if (operation) covered.add(`${operation.method.toUpperCase()} ${operation.path} ${response.status}`);
  return { status: response.status, body, headers: response.headers };
}

const newCustomer = () => ({ id: `cust-${randomUUID()}`, name: 'Ada', phone: '+86 138 0000 0000', locale: 'en' });
const openConversation = async () => {
  const created = await call('POST', '/v1/conversations', { body: { customer: newCustomer(), channel: 'web' } });
  expect(created.status).toBe(201);
  return created.body.id as string;
};
const newAgent = async (overrides: Record<string, unknown> = {}) => {
  const id = `agent-${randomUUID()}`;
  const saved = await call('POST', '/v1/agents', { body: { id, name: 'Mei', skills: [{ name: 'general', level: 3 }, { name: 'orders', level: 3 }], capacity: 3, ...overrides } });
  expect(saved.status).toBe(201);
  return id;
};

describe('the OpenAPI document', () => {
  it('names every route Express registers, and no route it does not', () => {
    const app = createApp(testAppContext({
      db: api.testDb.db,
      temporal: api.temporal.client,
      taskQueue: api.temporal.taskQueue,
      notifyOutbox: async () => undefined,
      channels: { publicUrl: 'http://127.0.0.1', ...CHANNELS },
      demo: true,
      codecEndpoint: { codec: encryptionCodec(parseCodecKeys(`k1:${Buffer.alloc(32, 7).toString('base64')}`)), allowedOrigins: ['http://127.0.0.1:8233'] },
    }));
    const registered = registeredRoutes(app);
    // The walk itself must see the nested routers, or the comparison below proves nothing.
    expect(registered).toEqual(expect.arrayContaining(['POST /v1/conversations/{id}/messages/{messageId}/feedback', 'POST /channels/voice/status', 'GET /openapi.json']));
    const declared = declaredRoutes();
    expect({ missingFromTheDocument: registered.filter((route) => !declared.includes(route)), notAnApiRoute: declared.filter((route) => !registered.includes(route)) }).toEqual({
      missingFromTheDocument: [],
      notAnApiRoute: [],
    });
  });

  it('is served at /openapi.json without a key, as OpenAPI 3.1 with every operation and the shared error body', async () => {
    const served = await call('GET', '/openapi.json', { auth: null });
    expect(served.status).toBe(200);
    expect(served.body.openapi).toBe('3.1.0');
    const operations = Object.entries(served.body.paths as Record<string, Record<string, unknown>>).flatMap(([path, item]) => Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`));
    expect(operations.sort()).toEqual(declaredRoutes());
    expect(served.body.components.schemas.Error.properties.error.required).toEqual(['code', 'message']);
    // Every operation declares its errors: a 400 naming the field at least, and a 401 wherever a key is needed.
    for (const operation of OPERATIONS) {
      expect([operation.operationId, Boolean(operation.responses[400])]).toEqual([operation.operationId, true]);
      if (operation.auth !== 'none') expect([operation.operationId, Boolean(operation.responses[401])]).toEqual([operation.operationId, true]);
    }
  });

  it('has a reference page at /docs whose scripts are all served from this process', async () => {
    const page = await call('GET', '/docs', { auth: null });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const scripts = [...(page.body as string).matchAll(/<(?:script src|link rel="stylesheet" href)="([^"]+)"/g)].map((match) => match[1]!);
    expect(scripts).toEqual(['/vendor/swagger-ui/swagger-ui.css', '/vendor/swagger-ui/swagger-ui-bundle.js', '/docs/init.js']);
    for (const asset of scripts.filter((src) => src.startsWith('/vendor/'))) {
      const response = await fetch(`${api.baseUrl}${asset}`);
      expect([asset, response.status]).toEqual([asset, 200]);
    }
    const init = await call('GET', '/docs/init.js', { auth: null });
    expect(init.body).toContain("url: '/openapi.json'");
  });
});

describe('real answers, checked against the document', () => {
  it('health, the screens and the demo session', async () => {
    expect((await call('GET', '/healthz', { auth: null })).status).toBe(200);
    for (const page of ['/console', '/widget.js', '/vendor/mermaid.min.js', '/demo']) expect((await call('GET', page, { auth: null })).status).toBe(200);
    const opened = await call('POST', '/demo/session', { body: { locale: 'en' }, auth: null });
    expect(opened.status).toBe(201);
    const resumed = await call('POST', '/demo/session', { body: { locale: 'en', resume: { conversationId: opened.body.conversationId, token: opened.body.token } }, auth: null });
    expect(resumed).toMatchObject({ status: 200, body: { resumed: true } });
    expect((await call('POST', '/demo/session', { body: { locale: 'fr' }, auth: null })).body.error.field).toBe('locale');
  });

  it('a conversation from the bot to the queue, to an agent, through a transfer, to resolved', async () => {
    const key = randomUUID();
    const body = { customer: newCustomer(), channel: 'web', metadata: { orderId: 'A-1' } };
    const created = await call('POST', '/v1/conversations', { body, headers: { 'Idempotency-Key': key } });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    const replayed = await call('POST', '/v1/conversations', { body, headers: { 'Idempotency-Key': key } });
    expect(replayed.headers.get('idempotent-replayed')).toBe('true');
    expect((await call('POST', '/v1/conversations', { body: { ...body, channel: 'app' }, headers: { 'Idempotency-Key': key } })).status).toBe(409);

    const answered = await call('POST', `/v1/conversations/${id}/messages`, { body: { text: 'Where is my order?' } });
    expect(answered.body.state).toBe('bot');
    const botMessage = answered.body.replies.find((reply: { from: string }) => reply.from === 'bot');
    expect((await call('POST', `/v1/conversations/${id}/messages/${botMessage.id}/feedback`, { body: { helpful: true } })).status).toBe(200);
    expect((await call('GET', '/v1/conversations?state=bot&limit=5')).status).toBe(200);
    expect((await call('GET', `/v1/conversations/${id}/brief`)).status).toBe(404);

    expect((await call('POST', `/v1/conversations/${id}/handoff`, { body: { reason: 'wants a person', source: 'service' } })).body.state).toBe('queued');
    expect((await call('GET', `/v1/conversations/${id}`)).body.queue).not.toBeNull();
    expect((await call('GET', '/v1/conversations?state=queued')).status).toBe(200);
    await eventually(async () => ((await call('GET', `/v1/conversations/${id}/brief`)).status === 200 ? true : undefined));
    expect((await call('GET', `/v1/conversations/${id}/brief?locale=zh-CN`, { headers: { Accept: 'text/plain' } })).headers.get('content-type')).toMatch(/^text\/plain/);

    const agentId = await newAgent();
    const onDuty = await call('PUT', `/v1/agents/${agentId}/status`, { body: { status: 'available' } });
    expect(onDuty.body.assigned).toEqual([id]);
    expect((await call('GET', `/v1/agents/${agentId}/conversations`)).body.conversations).toHaveLength(1);
    expect((await call('GET', `/v1/agents/${agentId}/events`)).status).toBe(200);
    expect((await call('POST', `/v1/conversations/${id}/agent-messages`, { body: { agentId, text: 'Hello' } })).status).toBe(409);
    expect((await call('POST', `/v1/conversations/${id}/accept`, { body: { agentId } })).body.state).toBe('agent_assigned');
    expect((await call('POST', `/v1/conversations/${id}/agent-messages`, { body: { agentId, text: 'Hello, I am Mei.' } })).status).toBe(200);
    expect((await call('POST', `/v1/conversations/${id}/notes`, { body: { text: 'VIP' } })).status).toBe(201);
    expect((await call('GET', `/v1/conversations/${id}/notes`)).body.notes).toHaveLength(1);

    const colleague = await newAgent({ status: 'available', autoAccept: true });
    expect((await call('POST', `/v1/conversations/${id}/transfer`, { body: { agentId, toAgentId: colleague, note: 'over to you' } })).status).toBe(200);
    const withTransfers = await eventually(async () => {
      const desk = await call('GET', `/v1/agents/${colleague}/conversations`);
      return desk.body.conversations[0]?.transfers.length ? desk : undefined;
    });
    expect(withTransfers.body.conversations[0].transfers[0]).toMatchObject({ fromAgentId: agentId, toAgentId: colleague });
    expect((await call('GET', `/v1/conversations/${id}/brief`)).body.transfers).toHaveLength(1);
    expect((await call('GET', `/v1/conversations/${id}/messages`)).status).toBe(200);
    expect((await call('GET', `/v1/conversations/${id}/events`)).status).toBe(200);

    expect((await call('POST', `/v1/conversations/${id}/resolve`, { body: { agentId: colleague } })).body.state).toBe('resolved');
    const again = await call('POST', `/v1/conversations/${id}/resolve`, {});
    expect(again).toMatchObject({ status: 409, body: { error: { code: 'transition_refused', state: 'resolved' } } });
    expect((await call('POST', `/v1/conversations/${id}/customer-token`)).status).toBe(409);
  });

  it('the customer side with a customer token, leaving the queue, and an agent stepping in', async () => {
    const id = await openConversation();
    const issued = await call('POST', `/v1/conversations/${id}/customer-token`);
    expect(issued.status).toBe(201);
    const token = `Bearer ${issued.body.token}`;
    expect((await call('GET', `/v1/conversations/${id}`, { auth: token })).body).not.toHaveProperty('metadata');
    // A customer token reaches its own conversation's routes and nothing else, /v1/me included.
    expect((await call('GET', '/v1/me', { auth: token })).status).toBe(403);
    expect((await call('GET', '/v1/agents', { auth: token })).status).toBe(403);
    expect((await call('POST', `/v1/conversations/${id}/handoff`, { auth: token })).body.state).toBe('queued');
    expect((await call('POST', `/v1/conversations/${id}/leave-queue`, { auth: token, body: { choice: 'callback' } })).body.state).toBe('resolved');

    const watched = await openConversation();
    // Full once it steps in, so the next handoff waits for the second agent.
    const agentId = await newAgent({ status: 'available', capacity: 1 });
    expect((await call('POST', `/v1/conversations/${watched}/takeover`, { body: { agentId } })).body.state).toBe('agent_assigned');
    expect((await call('POST', `/v1/conversations/${watched}/takeover`, { body: { agentId: `agent-${randomUUID()}` } })).status).toBe(404);
    const offered = await openConversation();
    await call('POST', `/v1/conversations/${offered}/handoff`, {});
    const second = await newAgent();
    expect((await call('PUT', `/v1/agents/${second}/status`, { body: { status: 'available' } })).body.assigned).toEqual([offered]);
    expect((await call('POST', `/v1/conversations/${offered}/decline`, { body: { agentId: second } })).status).toBe(200);
  });

  it('agents, keys, canned replies, the knowledge base, the chart and webhooks', async () => {
    const agentId = await newAgent();
    expect((await call('GET', `/v1/agents/${agentId}`)).status).toBe(200);
    expect((await call('GET', `/v1/agents/agent-${randomUUID()}`)).status).toBe(404);
    expect((await call('GET', '/v1/agents')).status).toBe(200);
    expect((await call('POST', '/v1/agents', { body: { id: agentId, name: 'Mei', skills: [{ name: 'general', level: 3 }], capacity: 2 } })).status).toBe(200);
    expect((await call('PUT', `/v1/agents/${agentId}/status`, { body: { status: 'away' } })).status).toBe(200);

    const issued = await call('POST', '/v1/keys', { body: { role: 'agent', agentId } });
    expect(issued.status).toBe(201);
    expect((await call('GET', '/v1/me', { auth: `Bearer ${issued.body.key}` })).body.agent.id).toBe(agentId);
    expect((await call('POST', '/v1/keys', { auth: `Bearer ${issued.body.key}`, body: { role: 'agent', agentId } })).status).toBe(403);
    expect((await call('DELETE', `/v1/keys/${issued.body.id}`)).status).toBe(204);
    expect((await call('DELETE', `/v1/keys/${issued.body.id}`)).status).toBe(404);
    // Regression (found writing the document): 36 characters of hex digits and dashes that are no UUID were a 500.
    expect((await call('DELETE', `/v1/keys/${'-'.repeat(36)}`)).status).toBe(404);
    // The audit log, with the key just issued and revoked in it.
    const audit = await call('GET', '/v1/audit?limit=5');
    expect(audit.body.entries.map((entry: { action: string }) => entry.action)).toEqual(expect.arrayContaining(['key.revoked', 'key.issued']));
    expect((await call('GET', '/v1/audit?action=nope')).body.error.field).toBe('query.action');

    const team = `team-${randomUUID()}`;
    const draft = { team, shortcut: 'hello', title: 'Hello', text: 'Hello there' };
    const reply = await call('POST', '/v1/canned-replies', { body: draft });
    expect(reply.status).toBe(201);
    expect((await call('POST', '/v1/canned-replies', { body: draft })).status).toBe(409);
    expect((await call('GET', `/v1/canned-replies?team=${team}&q=hel`)).body.replies).toHaveLength(1);
    expect((await call('PUT', `/v1/canned-replies/${reply.body.id}`, { body: { ...draft, text: 'Hi' } })).status).toBe(200);
    expect((await call('DELETE', `/v1/canned-replies/${reply.body.id}`)).status).toBe(204);
    expect((await call('PUT', `/v1/canned-replies/${reply.body.id}`, { body: draft })).status).toBe(404);

    const hits = await call('GET', `/v1/knowledge?q=${encodeURIComponent('退款')}&locale=zh-TW&limit=3`);
    expect(hits.status).toBe(200);
    const article = hits.body.articles[0].id as string;
    expect((await call('GET', `/v1/knowledge/${article}?locale=zh-TW`)).status).toBe(200);
    expect((await call('GET', '/v1/knowledge/no-such-article')).status).toBe(404);

    expect((await call('GET', '/v1/chart?path=agent_assigned.offered')).status).toBe(200);
    expect((await call('GET', '/v1/chart?path=nowhere')).body.error.field).toBe('query.path');

    const hook = await call('POST', '/v1/webhooks', { body: { url: 'https://shop.example/hooks', eventTypes: ['message.created'], channels: ['app'] } });
    expect(hook.status).toBe(201);
    expect((await call('GET', '/v1/webhooks')).status).toBe(200);
    expect((await call('DELETE', `/v1/webhooks/${hook.body.id}`)).status).toBe(204);
    expect((await call('DELETE', `/v1/webhooks/${hook.body.id}`)).status).toBe(404);
  });

  it('the errors: 400 naming the field, 401, 404, 413 and 415 in the one error body', async () => {
    const id = await openConversation();
    const invalid = await call('POST', '/v1/conversations', { body: { customer: { id: '' }, channel: 'web' } });
    expect(invalid).toMatchObject({ status: 400, body: { error: { code: 'invalid_request', field: 'customer.id' } } });
    expect((await call('POST', `/v1/conversations/${id}/messages`, { rawBody: '{"text":' })).body.error.code).toBe('invalid_json');
    expect((await call('GET', '/v1/conversations?state=bot&limit=%00')).body.error.field).toBe('query.limit');
    expect((await call('GET', '/v1/conversations', { auth: null })).status).toBe(401);
    expect((await call('GET', '/v1/conversations/not-a-uuid')).status).toBe(404);
    expect((await call('POST', `/v1/conversations/${id}/notes`, { rawBody: JSON.stringify({ text: 'x'.repeat(1_100_000) }) })).status).toBe(413);
    expect((await call('POST', `/v1/conversations/${id}/notes`, { rawBody: '{"text":"x"}', headers: { 'Content-Type': 'application/json', 'Content-Encoding': 'compress' } })).status).toBe(415);
  });

  it('the channels: Telegram, WeChat and the phone', async () => {
    const update = { update_id: Date.now() % 1_000_000_000, message: { message_id: 1, chat: { id: Date.now() % 1_000_000, type: 'private' }, from: { id: 7, is_bot: false, first_name: 'Ada' }, text: 'hello' } };
    expect((await call('POST', '/channels/telegram/webhook', { auth: null, body: update })).status).toBe(401);
    const taken = await call('POST', '/channels/telegram/webhook', { auth: null, body: update, headers: { 'X-Telegram-Bot-Api-Secret-Token': TELEGRAM_SECRET } });
    expect(taken).toMatchObject({ status: 200, body: { ok: true } });

    const timestamp = String(Math.floor(Date.now() / 1000));
    const check = await call('GET', `/channels/wechat?${signedWechatQuery(WECHAT_TOKEN, `timestamp=${timestamp}&nonce=n1&echostr=hi`)}`, { auth: null });
    expect(check).toMatchObject({ status: 200, body: 'hi' });
    expect((await call('GET', '/channels/wechat?timestamp=1&nonce=n&signature=bad', { auth: null })).status).toBe(401);

    const params = { CallSid: `CA${randomUUID().replace(/-/g, '')}`, From: '+8613800001111', To: '+862150000000' };
    const form = new URLSearchParams(params).toString();
    const signature = (path: string) => twilioSignature(TWILIO_TOKEN, api.baseUrl, path, params);
    const formHeaders = (path: string) => ({ 'Content-Type': 'application/x-www-form-urlencoded', 'X-Twilio-Signature': signature(path) });
    expect((await call('POST', '/channels/voice/incoming', { auth: null, rawBody: form, headers: formHeaders('/channels/voice/incoming') })).status).toBe(200);
    expect((await call('POST', '/channels/voice/status', { auth: null, rawBody: form, headers: formHeaders('/channels/voice/status') })).status).toBe(204);
    expect((await call('POST', '/channels/voice/wait', { auth: null, rawBody: form, headers: { 'Content-Type': 'application/x-www-form-urlencoded' } })).status).toBe(401);
  });

  afterAll(() => {
    // What the flows above reached, for whoever extends them; a contradiction already failed its test.
    const unreached = OPERATIONS.filter((operation) => ![...covered].some((seen) => seen.startsWith(`${operation.method.toUpperCase()} ${operation.path} 2`)));
    if (unreached.length > 0) process.stdout.write(`operations without a checked 2xx answer: ${unreached.map((o) => o.operationId).join(', ')}\n`);
    expect(problems).toEqual([]);
  });
});
