import { randomUUID } from 'node:crypto';
import { createServer, type AddressInfo, type Server } from 'node:net';
import type { Server as HttpServer } from 'node:http';
import { Client, Connection } from '@temporalio/client';
import { createApp } from '../../api/app';
import { createConversation } from '../../db/conversations';
import { TEST_API_KEY, testAppContext } from '../support/api';
import { createTestDatabase, type TestDatabase } from '../support/database';

/**
 * With Temporal down, the API answers in time: /healthz says so within its 2 s checks, and a
 * request that needs a workflow is a 503 with Retry-After within its budget, never a 500 or a hang
 * while the client retries; what the customer said is stored all the same.
 */
let testDb: TestDatabase;
let deadPort: Server;
let server: HttpServer;
let baseUrl: string;
const BUDGET_MS = 1500;

beforeAll(async () => {
  testDb = await createTestDatabase();
  // A port that accepts nothing Temporal would answer: connections are closed at once.
  deadPort = createServer((socket) => socket.destroy());
  await new Promise<void>((resolve) => deadPort.listen(0, '127.0.0.1', resolve));
  const connection = Connection.lazy({ address: `127.0.0.1:${(deadPort.address() as AddressInfo).port}` });
  const app = createApp(testAppContext({
    db: testDb.db,
    temporal: new Client({ connection }),
    taskQueue: `down-${randomUUID()}`,
    notifyOutbox: async () => undefined,
    temporalBudgetMs: BUDGET_MS,
  }));
  server = await new Promise((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await new Promise((resolve) => deadPort.close(resolve));
  await testDb.drop();
});

async function timed(path: string, init: RequestInit = {}) {
  const started = Date.now();
  const response = await fetch(`${baseUrl}${path}`, {
    ...init,
    headers: { Authorization: `Bearer ${TEST_API_KEY}`, 'Content-Type': 'application/json', ...init.headers },
  });
  return { response, body: (await response.json()) as { error?: { code: string } } & Record<string, unknown>, ms: Date.now() - started };
}

describe('Temporal down', () => {
  it('has /healthz say so within its checks, with Retry-After', async () => {
    const { response, body, ms } = await timed('/healthz');
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('2');
    expect(body).toEqual({ status: 'degraded', database: 'ok', temporal: 'unavailable' });
    expect(ms).toBeLessThan(5000);
  });

  it('answers a request that needs a workflow with 503 and Retry-After within the budget, and keeps what the customer said', async () => {
    const opened = await timed('/v1/conversations', { method: 'POST', body: JSON.stringify({ customer: { id: `c-${randomUUID()}`, locale: 'zh-CN' }, channel: 'web' }) });
    expect(opened.response.status).toBe(503);
    expect(opened.response.headers.get('retry-after')).toBe('2');
    expect(opened.body.error?.code).toBe('unavailable');
    // The SDK alone retries for about 20 s; the budget plus a margin for a busy machine.
    expect(opened.ms).toBeLessThan(BUDGET_MS + 3000);

    // Nothing is left half made: the conversation whose workflow could not start is gone again.
    expect((await testDb.db.query('select count(*)::int as n from conversations')).rows[0].n).toBe(0);
  });

  it('stores a customer message before the workflow is asked, and answers 503 in time', async () => {
    const { conversation } = await createConversation(testDb.db, {
      id: randomUUID(),
      customer: { id: `c-${randomUUID()}`, name: null, phone: null, email: null, locale: 'zh-CN' },
      channel: 'web',
      metadata: {},
      idempotencyKey: null,
      requestHash: 'x',
    });
    const sent = await timed(`/v1/conversations/${conversation.id}/messages`, { method: 'POST', body: JSON.stringify({ text: '我的快递还没到' }), headers: { 'Idempotency-Key': 'k-1' } });
    expect(sent.response.status).toBe(503);
    expect(sent.response.headers.get('retry-after')).toBe('2');
    expect(sent.ms).toBeLessThan(BUDGET_MS + 3000);
    const stored = await testDb.db.query(`select text from messages where conversation_id = $1 and sender = 'customer'`, [conversation.id]);
    expect(stored.rows.map((row) => row.text)).toEqual(['我的快递还没到']);
  });
});
