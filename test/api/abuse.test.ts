import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import fc from 'fast-check';
import { createApp } from '../../api/app';
import { OPERATIONS } from '../../api/openapi/document';
import type { ApiContext, RateLimitSettings } from '../../api/context';
import { createRateLimits } from '../../api/rate-limits';
import { createPool } from '../../db/pool';
import { createLogger } from '../../observability/logger';
import { startTestApi, testAppContext, TEST_API_KEY, type TestApi } from '../support/api';
import { PATIENT_POLICY } from '../support/policies';
import { testEnv } from '../support/test-env';

/**
 * Abuse (issue #15, point 6): rate limits per customer token, per channel sender and per key,
 * counted in Postgres; helmet's headers; CORS for the configured origins only; and the audit log
 * of who did what among supervisors, agents and the service.
 */

const TELEGRAM_SECRET = 'telegram-secret-abuse-0123456789';
const SHOP = 'https://shop.example';
/** Small enough to reach in a test; a test that needs a key of its own issues one (the service key is never limited). */
const LIMITS: RateLimitSettings = { customerPerMinute: 3, channelPerMinute: 2, keyPerMinute: 5 };

let api: TestApi;
const servers: Server[] = [];

beforeAll(async () => {
  api = await startTestApi({
    worker: { triggerPolicy: PATIENT_POLICY },
    channels: { telegram: { webhookSecret: TELEGRAM_SECRET, botToken: '123:abc', apiBase: 'http://127.0.0.1:9' } },
    rateLimits: LIMITS,
    corsOrigins: [SHOP],
  });
});
afterAll(async () => {
  for (const server of servers) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
  await api.stop();
});

const as = (credential: string) => `Bearer ${credential}`;

/** Another API process on the same database and Temporal, with its own limiters: a second replica. */
async function replica(overrides: Partial<ApiContext> = {}): Promise<string> {
  const app = createApp(testAppContext({
    db: api.testDb.db,
    temporal: api.temporal.client,
    taskQueue: api.temporal.taskQueue,
    notifyOutbox: api.temporal.notifyOutbox,
    ...overrides,
  }));
  const server: Server = await new Promise((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  servers.push(server);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const get = (baseUrl: string, path: string, credential: string) => fetch(`${baseUrl}${path}`, { headers: { Authorization: as(credential) } });

async function openConversation(): Promise<string> {
  const created = await api.call('POST', '/v1/conversations', { body: { customer: { id: `c-${randomUUID()}`, locale: 'en' }, channel: 'web' } });
  expect(created.status).toBe(201);
  return created.body.id;
}

async function customerToken(conversationId: string): Promise<string> {
  return (await api.call('POST', `/v1/conversations/${conversationId}/customer-token`)).body.token;
}

async function newAgent(overrides: Record<string, unknown> = {}): Promise<string> {
  const id = `agent-${randomUUID()}`;
  const saved = await api.call('POST', '/v1/agents', { body: { id, name: 'Mei', skills: [{ name: 'general', level: 3 }], capacity: 3, status: 'available', ...overrides } });
  expect(saved.status).toBe(201);
  return id;
}

async function issueKey(role: 'supervisor' | 'agent', agentId?: string): Promise<{ id: string; key: string }> {
  const issued = await api.call('POST', '/v1/keys', { body: { role, ...(agentId ? { agentId } : {}) } });
  expect(issued.status).toBe(201);
  return issued.body;
}

/** A Telegram update from a group chat: authenticated and counted, then ignored (no conversation opened). */
function telegramUpdate(chatId: number, secret = TELEGRAM_SECRET) {
  return api.call('POST', '/channels/telegram/webhook', {
    auth: null,
    headers: { 'X-Telegram-Bot-Api-Secret-Token': secret },
    body: { update_id: Math.floor(Math.random() * 1e9), message: { message_id: 1, chat: { id: chatId, type: 'group' }, from: { id: 7, is_bot: false, first_name: 'Ada' }, text: 'hi' } },
  });
}

/** A 429 as the OpenAPI document declares it for that route: the error body, and a Retry-After header. */
function fitsTheDocument(method: string, path: string, body: unknown): boolean {
  const declared = OPERATIONS.find((operation) => operation.method === method && operation.path === path)?.responses[429];
  return Boolean(declared?.headers?.shape['Retry-After'] && declared.content?.['application/json']?.safeParse(body).success);
}

const uniqueChat = () => Math.floor(Math.random() * 1e12);

describe('the rate limits', () => {
  it("answers a customer token's fourth request in a minute 429 with Retry-After, while another token goes on", async () => {
    const [mine, theirs] = [await openConversation(), await openConversation()];
    const [myToken, theirToken] = [await customerToken(mine), await customerToken(theirs)];
    for (let i = 0; i < LIMITS.customerPerMinute; i += 1) expect((await api.call('GET', `/v1/conversations/${mine}`, { auth: as(myToken) })).status).toBe(200);
    const refused = await api.call('POST', `/v1/conversations/${mine}/messages`, { auth: as(myToken), body: { text: 'one more' } });
    expect(refused).toMatchObject({ status: 429, body: { error: { code: 'rate_limited', message: expect.stringContaining('3 a minute') } } });
    expect(fitsTheDocument('post', '/v1/conversations/{id}/messages', refused.body)).toBe(true);
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    // Refused before the body was read or stored: the transcript has no "one more".
    const transcript = await api.call('GET', `/v1/conversations/${mine}/messages`);
    expect(transcript.body.messages.map((m: { text: string }) => m.text)).not.toContain('one more');
    expect((await api.call('GET', `/v1/conversations/${theirs}`, { auth: as(theirToken) })).status).toBe(200);
  });

  it('limits a Telegram chat on its own, and counts no request whose secret is wrong', async () => {
    const [noisy, quiet, forged] = [uniqueChat(), uniqueChat(), uniqueChat()];
    for (let i = 0; i < LIMITS.channelPerMinute; i += 1) expect((await telegramUpdate(noisy)).status).toBe(200);
    const refused = await telegramUpdate(noisy);
    expect(refused).toMatchObject({ status: 429, body: { error: { code: 'rate_limited' } } });
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(fitsTheDocument('post', '/channels/telegram/webhook', refused.body)).toBe(true);
    expect((await telegramUpdate(quiet)).status).toBe(200);
    // A forger who names a real chat cannot spend its budget: only authenticated updates count.
    for (let i = 0; i < 5; i += 1) expect((await telegramUpdate(forged, 'wrong-secret')).status).toBe(401);
    expect((await telegramUpdate(forged)).status).toBe(200);
  });

  it('limits a supervisor key by its id, another key apart, and never the service key', async () => {
    const [first, second] = [await issueKey('supervisor'), await issueKey('supervisor')];
    for (let i = 0; i < LIMITS.keyPerMinute; i += 1) expect((await api.call('GET', '/v1/agents', { auth: as(first.key) })).status).toBe(200);
    expect((await api.call('GET', '/v1/agents', { auth: as(first.key) })).status).toBe(429);
    expect((await api.call('GET', '/v1/agents', { auth: as(second.key) })).status).toBe(200);
    for (let i = 0; i < LIMITS.keyPerMinute * 3; i += 1) expect((await api.call('GET', '/v1/agents')).status).toBe(200);
    // Counted by key id: neither the key nor its hash is what the store keeps.
    const keys = (await api.testDb.db.query<{ key: string }>('select key from rate_limits')).rows.map((row) => row.key);
    expect(keys).toContain(`key:${first.id}`);
    expect(keys.join('\n')).not.toContain(first.key);
  });

  it('shares the counts between two API replicas on one database', async () => {
    const [a, b] = [await replica({ rateLimits: LIMITS }), await replica({ rateLimits: LIMITS })];
    const conversation = await openConversation();
    const token = await customerToken(conversation);
    expect((await get(a, `/v1/conversations/${conversation}`, token)).status).toBe(200);
    expect((await get(b, `/v1/conversations/${conversation}`, token)).status).toBe(200);
    expect((await get(a, `/v1/conversations/${conversation}`, token)).status).toBe(200);
    // Three between them: each replica alone has seen at most two.
    expect((await get(b, `/v1/conversations/${conversation}`, token)).status).toBe(429);
    expect((await get(a, `/v1/conversations/${conversation}`, token)).status).toBe(429);
  });

  it('turns a limit off with 0', async () => {
    const unlimited = await replica({ rateLimits: { customerPerMinute: 0, channelPerMinute: 0, keyPerMinute: 0 } });
    const conversation = await openConversation();
    const token = await customerToken(conversation);
    const { key } = await issueKey('supervisor');
    for (let i = 0; i < LIMITS.keyPerMinute + 2; i += 1) {
      expect((await get(unlimited, `/v1/conversations/${conversation}`, token)).status).toBe(200);
      expect((await get(unlimited, '/v1/agents', key)).status).toBe(200);
    }
    // Not counted at all: the store holds nothing for it.
    expect((await api.testDb.db.query('select 1 from rate_limits where key = $1', [`customer:${conversation}`])).rowCount).toBe(0);
  });

  it('lets requests through, with one warning, when the store fails', async () => {
    const lines: string[] = [];
    const logger = createLogger('warn', 'test', new Writable({ write: (chunk, _encoding, done) => void (lines.push(String(chunk)), done()) }));
    const closed = createPool({ connectionString: testEnv('databaseUrl'), max: 1 });
    await closed.end();
    const limits = createRateLimits(closed, { customerPerMinute: 1, channelPerMinute: 1, keyPerMinute: 1 }, logger);
    const res = { setHeader: jest.fn() } as unknown as Parameters<typeof limits.consume>[2];
    for (let i = 0; i < 3; i += 1) await expect(limits.consume('customer', 'someone', res)).resolves.toBeUndefined();
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 40, msg: 'rate limit store failed; requests pass unlimited meanwhile', caller: 'customer' });
  });
});

describe('the security headers', () => {
  it("are on an API answer, with the API's own strict policy", async () => {
    const answer = await api.call('GET', '/v1/agents');
    expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
    expect(answer.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
    expect(answer.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(answer.headers.get('referrer-policy')).toBe('no-referrer');
    expect(answer.headers.get('content-security-policy')).toBe("default-src 'none';frame-ancestors 'none';base-uri 'none';form-action 'none'");
    expect(answer.headers.get('x-powered-by')).toBeNull();
  });

  it("are on /console, whose own policy lets its scripts run, and the widget's loader may load on any shop's page", async () => {
    const page = await fetch(`${api.baseUrl}/console`);
    expect(page.status).toBe(200);
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(page.headers.get('content-security-policy')).not.toContain("default-src 'none'");
    const loader = await fetch(`${api.baseUrl}/widget.js`);
    expect(loader.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect((await fetch(`${api.baseUrl}/docs`)).headers.get('content-security-policy')).toContain("script-src 'self'");
  });
});

describe('CORS on /v1', () => {
  it('allows the configured origin and gives any other none', async () => {
    const conversation = await openConversation();
    const token = await customerToken(conversation);
    const allowed = await api.call('GET', `/v1/conversations/${conversation}`, { auth: as(token), headers: { Origin: SHOP } });
    expect(allowed.headers.get('access-control-allow-origin')).toBe(SHOP);
    expect(allowed.headers.get('access-control-expose-headers')).toContain('Retry-After');
    expect(allowed.headers.get('vary')).toMatch(/Origin/);
    const other = await api.call('GET', `/v1/conversations/${conversation}`, { auth: as(token), headers: { Origin: 'https://evil.example' } });
    expect(other.status).toBe(200);
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  it("answers the configured origin's preflight 204, and another's 403 without CORS headers", async () => {
    const preflight = (origin: string) =>
      fetch(`${api.baseUrl}/v1/conversations/${randomUUID()}/messages`, { method: 'OPTIONS', headers: { Origin: origin, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization' } });
    const ok = await preflight(SHOP);
    expect(ok.status).toBe(204);
    expect(ok.headers.get('access-control-allow-origin')).toBe(SHOP);
    expect(ok.headers.get('access-control-allow-headers')).toMatch(/Authorization/);
    const refused = await preflight('https://evil.example');
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ error: { code: 'origin_not_allowed' } });
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
    expect(refused.headers.get('access-control-allow-headers')).toBeNull();
  });

  it('allows no origin at all when none is configured', async () => {
    const sameOriginOnly = await replica();
    const answer = await fetch(`${sameOriginOnly}/v1/agents`, { headers: { Authorization: as(TEST_API_KEY), Origin: SHOP } });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('access-control-allow-origin')).toBeNull();
  });
});

interface AuditRow {
  id: string;
  at: string;
  actor: { role: string; agentId: string | null; keyId: string | null };
  action: string;
  conversationId: string | null;
  target: string | null;
  detail: Record<string, unknown>;
  requestId: string | null;
}

describe('the audit log', () => {
  it('records a takeover, a transfer, a resolve and a key issued and revoked, each with its actor, and no customer text', async () => {
    const secretText = `my card number is 4111-${randomUUID()}`;
    const secretNote = `note about the customer ${randomUUID()}`;
    const holder = await newAgent();
    const colleague = await newAgent({ autoAccept: true });
    const supervisor = await issueKey('supervisor');
    const agentKey = await issueKey('agent', holder);
    const conversation = await openConversation();
    expect((await api.call('POST', `/v1/conversations/${conversation}/messages`, { body: { text: secretText } })).status).toBe(200);

    const takeover = await api.call('POST', `/v1/conversations/${conversation}/takeover`, { auth: as(supervisor.key), body: { agentId: holder }, headers: { 'X-Request-Id': 'req-takeover-1' } });
    expect(takeover.status).toBe(200);
    expect(takeover.headers.get('x-request-id')).toBe('req-takeover-1');
    const transfer = await api.call('POST', `/v1/conversations/${conversation}/transfer`, { auth: as(agentKey.key), body: { toAgentId: colleague, note: secretNote } });
    expect(transfer.status).toBe(200);
    expect((await api.call('POST', `/v1/conversations/${conversation}/resolve`, { auth: as(supervisor.key), body: {} })).status).toBe(200);
    expect((await api.call('DELETE', `/v1/keys/${agentKey.id}`)).status).toBe(204);
    // A refused action is not in the log: resolving again is a 409.
    expect((await api.call('POST', `/v1/conversations/${conversation}/resolve`, { auth: as(supervisor.key), body: {} })).status).toBe(409);

    const read = await api.call('GET', `/v1/audit?limit=200`, { auth: as(supervisor.key) });
    expect(read.status).toBe(200);
    const entries = read.body.entries as AuditRow[];
    const ofThis = entries.filter((entry) => entry.conversationId === conversation);
    expect(ofThis.map((entry) => entry.action)).toEqual(['conversation.resolved', 'conversation.transferred', 'conversation.taken_over']);
    const [resolved, transferred, takenOver] = ofThis;
    expect(takenOver).toMatchObject({ actor: { role: 'supervisor', agentId: null, keyId: supervisor.id }, target: holder, requestId: 'req-takeover-1', detail: { from: 'bot' } });
    expect(transferred).toMatchObject({ actor: { role: 'agent', agentId: holder, keyId: agentKey.id }, target: colleague, detail: { byAgentId: holder, toAgentId: colleague } });
    expect(resolved).toMatchObject({ actor: { role: 'supervisor', keyId: supervisor.id }, target: null });
    const keyEntries = entries.filter((entry) => entry.target === agentKey.id);
    expect(keyEntries.map((entry) => [entry.action, entry.actor.role, entry.actor.keyId])).toEqual([
      ['key.revoked', 'service', null],
      ['key.issued', 'service', null],
    ]);
    expect(keyEntries[1]!.detail).toEqual({ role: 'agent', agentId: holder });
    expect(entries.find((entry) => entry.action === 'agent.saved' && entry.target === colleague)).toMatchObject({ actor: { role: 'service' }, detail: { created: true } });
    // Newest first.
    expect(entries.map((entry) => Number(entry.id))).toEqual([...entries.map((entry) => Number(entry.id))].sort((x, y) => y - x));

    // No customer text, note or key anywhere in the table — while the same search finds the text where it belongs.
    const everything = JSON.stringify((await api.testDb.db.query('select * from audit_log')).rows);
    for (const secret of [secretText, secretNote, supervisor.key, agentKey.key]) expect(everything).not.toContain(secret);
    expect(JSON.stringify((await api.testDb.db.query('select text from messages where conversation_id = $1', [conversation])).rows)).toContain(secretText);
  });

  it('is read by supervisors and the service, not by an agent key or a customer token', async () => {
    const agentKey = await issueKey('agent', await newAgent({ status: 'offline' }));
    expect((await api.call('GET', '/v1/audit', { auth: as(agentKey.key) })).status).toBe(403);
    const conversation = await openConversation();
    expect((await api.call('GET', '/v1/audit', { auth: as(await customerToken(conversation)) })).status).toBe(403);
    expect((await api.call('GET', '/v1/audit')).status).toBe(200);
  });

  it('filters by actor and action, and pages back with `before` without repeating an entry', async () => {
    const supervisor = await issueKey('supervisor');
    const agents = [await newAgent({ status: 'offline' }), await newAgent({ status: 'offline' }), await newAgent({ status: 'offline' })];
    for (const agent of agents) expect((await api.call('PUT', `/v1/agents/${agent}/status`, { auth: as(supervisor.key), body: { status: 'away' } })).status).toBe(200);
    const mine = await api.call('GET', `/v1/audit?actor=${supervisor.id}`);
    expect((mine.body.entries as AuditRow[]).map((entry) => [entry.action, entry.target, entry.detail.status])).toEqual(agents.reverse().map((agent) => ['agent.status_changed', agent, 'away']));
    expect((await api.call('GET', `/v1/audit?actor=${supervisor.id}&action=key.issued`)).body.entries).toEqual([]);
    const first = await api.call('GET', `/v1/audit?actor=${supervisor.id}&limit=2`);
    expect(first.body.entries).toHaveLength(2);
    expect(first.body.next).toBe(first.body.entries[1].id);
    const second = await api.call('GET', `/v1/audit?actor=${supervisor.id}&limit=2&before=${first.body.next}`);
    expect(second.body).toMatchObject({ entries: [mine.body.entries[2]], next: null });
    const since = new Date(Date.now() + 60_000).toISOString();
    expect((await api.call('GET', `/v1/audit?since=${since}`)).body.entries).toEqual([]);
  });

  it('answers hostile query parameters 400 naming the field, never 500', async () => {
    const cases: Array<[string, string]> = [
      ['since=yesterday', 'query.since'],
      ['since=0000-01-01T00:00:00Z', 'query.since'],
      ['since=2026-13-45T99:00:00Z', 'query.since'],
      ['limit=0', 'query.limit'],
      ['limit=201', 'query.limit'],
      ['limit=abc', 'query.limit'],
      ['limit=1&limit=2', 'query.limit'],
      ['before=-1', 'query.before'],
      ['before=99999999999999999999', 'query.before'],
      ['before=1e400', 'query.before'],
      ['action=key.stolen', 'query.action'],
      [`actor=${'x'.repeat(201)}`, 'query.actor'],
      ['actor=', 'query.actor'],
      ['actor=a&actor=b', 'query.actor'],
    ];
    for (const [query, field] of cases) {
      const answer = await api.call('GET', `/v1/audit?${query}`);
      expect([query, answer.status, answer.body.error?.field]).toEqual([query, 400, field]);
    }
    // SQL in a value is a value.
    expect((await api.call('GET', `/v1/audit?actor=${encodeURIComponent("' or 1=1 --")}`)).body.entries).toEqual([]);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('since', 'actor', 'action', 'before', 'limit', 'x'), fc.string({ unit: 'binary', maxLength: 40 }), async (name, value) => {
        const answer = await api.call('GET', `/v1/audit?${name}=${encodeURIComponent(value.replace(/[\uD800-\uDFFF]/g, '\uFFFD'))}`);
        expect([200, 400]).toContain(answer.status);
      }),
      { numRuns: 60 },
    );
  });
});
