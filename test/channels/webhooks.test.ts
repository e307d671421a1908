import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { verifyWebhookSignature } from '../../channels/webhook-signature';
import { startTestApi, type TestApi } from '../support/api';
import { PATIENT_POLICY } from '../support/policies';
import { eventually } from '../support/temporal';

/** A company's receiver: records every request; answers `failing` of them with 503 first. */
interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  status: number;
}
async function startReceiver() {
  const received: Received[] = [];
  let failing = 0;
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      const status = failing > 0 ? 503 : 200;
      if (failing > 0) failing -= 1;
      received.push({ headers: req.headers, body, status });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/baton-events`,
    received,
    failNext: (n: number) => (failing = n),
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

let api: TestApi;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
const SECRET = 'whsec_test_0123456789abcdef';

beforeAll(async () => {
  api = await startTestApi({ worker: { triggerPolicy: PATIENT_POLICY } });
  receiver = await startReceiver();
});
beforeEach(() => api.testDb.db.query(`update agents set status = 'offline'`));
afterAll(async () => {
  await api.stop();
  await receiver.close();
});

const delivered = (conversationId: string) =>
  receiver.received
    .filter((r) => r.status === 200)
    .map((r) => JSON.parse(r.body) as { id: string; type: string; conversationId: string; data: Record<string, any> })
    .filter((e) => e.conversationId === conversationId);

describe("a company's own channel: outbound webhooks", () => {
  it('refuses bad registrations with 400 naming the field, unknown ids with 404, and other keys with 403', async () => {
    expect(await api.call('POST', '/v1/webhooks', { body: { url: 'ftp://example.com/x' } })).toMatchObject({ status: 400, body: { error: { field: 'url' } } });
    expect(await api.call('POST', '/v1/webhooks', { body: { url: 'https://example.com/x', secret: 'short' } })).toMatchObject({ status: 400, body: { error: { field: 'secret' } } });
    expect(await api.call('POST', '/v1/webhooks', { body: { url: 'https://example.com/x', eventTypes: ['message.deleted'] } })).toMatchObject({ status: 400, body: { error: { field: 'eventTypes.0' } } });
    expect((await api.call('DELETE', `/v1/webhooks/${randomUUID()}`)).status).toBe(404);
    expect((await api.call('DELETE', '/v1/webhooks/not-a-uuid')).status).toBe(404);
    const key = (await api.call('POST', '/v1/keys', { body: { role: 'supervisor' } })).body.key as string;
    expect((await api.call('POST', '/v1/webhooks', { body: { url: 'https://example.com/x' }, auth: `Bearer ${key}` })).status).toBe(403);
  });

  it('POSTs every message said to the customer and every state change, signed, in order, retried through a receiver that fails at first', async () => {
    const created = await api.call('POST', '/v1/webhooks', { body: { url: receiver.url, secret: SECRET, channels: ['app'] } });
    expect(created).toMatchObject({ status: 201, body: { id: expect.any(String), url: receiver.url, secret: SECRET } });
    expect((await api.call('GET', '/v1/webhooks')).body.webhooks).toEqual([expect.not.objectContaining({ secret: expect.anything() })]);

    receiver.failNext(2);
    const conversationId = (await api.call('POST', '/v1/conversations', { body: { customer: { id: `c-${randomUUID()}`, locale: 'zh-CN' }, channel: 'app' } })).body.id as string;
    await api.call('POST', `/v1/conversations/${conversationId}/messages`, { body: { text: '你好' } });
    await api.call('POST', `/v1/conversations/${conversationId}/handoff`, {});
    const agentId = `agent-${randomUUID()}`;
    await api.call('POST', '/v1/agents', { body: { id: agentId, name: '小周', skills: [{ name: 'general', level: 3 }], capacity: 2, status: 'available', channels: ['app'] } });
    await eventually(async () => ((await api.call('GET', `/v1/conversations/${conversationId}`)).body.assignment?.status === 'offered' ? true : undefined));
    await api.call('POST', `/v1/conversations/${conversationId}/accept`, { body: { agentId } });
    await api.call('POST', `/v1/conversations/${conversationId}/agent-messages`, { body: { agentId, text: '您好，我是小周' } });
    await api.call('POST', `/v1/conversations/${conversationId}/resolve`, { body: { agentId } });

    const events = await eventually(async () => {
      const seen = delivered(conversationId);
      return seen.some((e) => e.type === 'conversation.resolved') ? seen : undefined;
    }, 30_000);
    const types = events.map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['message.created', 'conversation.state_changed', 'agent.assigned', 'conversation.resolved']));
    // In the order it happened: ids grow, and the story reads right.
    const ids = events.map((e) => Number(e.id.slice(4)));
    expect([...ids].sort((a, b) => a - b)).toEqual(ids);
    const said = events.filter((e) => e.type === 'message.created').map((e) => e.data.message.text as string);
    const at = (pattern: RegExp) => said.findIndex((text) => pattern.test(text));
    expect(at(/^正在为您转接/)).toBeGreaterThan(-1);
    expect(at(/^正在为您转接/)).toBeLessThan(at(/^人工客服小周已加入/));
    expect(at(/^人工客服小周已加入/)).toBeLessThan(at(/^您好，我是小周/));
    expect(events.find((e) => e.type === 'agent.assigned')!.data).toMatchObject({ state: 'agent_assigned', agentId });
    expect(events.find((e) => e.type === 'message.created' && e.data.message.from === 'agent')!.data.message).toMatchObject({ agentId, agentName: '小周' });

    // Every request is signed with the secret, and a retry carries the same event id.
    const requests = receiver.received.filter((r) => JSON.parse(r.body).conversationId === conversationId);
    for (const request of requests) {
      expect(verifyWebhookSignature(SECRET, request.body, request.headers['baton-signature'] as string)).toBe(true);
      expect(verifyWebhookSignature('another-secret-0123', request.body, request.headers['baton-signature'] as string)).toBe(false);
    }
    const retried = requests.filter((r) => r.status === 503).map((r) => r.headers['baton-event-id']);
    expect(retried).toHaveLength(2);
    for (const id of retried) expect(requests.some((r) => r.status === 200 && r.headers['baton-event-id'] === id)).toBe(true);
    // A customer message is the company's own to deliver, not an outbound event.
    expect(events.some((e) => e.type === 'message.created' && e.data.message.from === 'customer')).toBe(false);

    // Only the channels it asked for.
    const web = (await api.call('POST', '/v1/conversations', { body: { customer: { id: `c-${randomUUID()}` }, channel: 'web' } })).body.id as string;
    await api.call('POST', `/v1/conversations/${web}/messages`, { body: { text: 'hello' } });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(delivered(web)).toEqual([]);

    // Deleted: nothing more is sent to it.
    expect((await api.call('DELETE', `/v1/webhooks/${created.body.id}`)).status).toBe(204);
    const after = (await api.call('POST', '/v1/conversations', { body: { customer: { id: `c-${randomUUID()}` }, channel: 'app' } })).body.id as string;
    await api.call('POST', `/v1/conversations/${after}/messages`, { body: { text: 'hello' } });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(delivered(after)).toEqual([]);
  }, 60_000);

  it('verifies a signature only within its time tolerance', () => {
    const body = '{"id":"evt_1"}';
    const now = 1_800_000_000;
    const header = `t=${now},v1=${require('node:crypto').createHmac('sha256', SECRET).update(`${now}.${body}`).digest('hex')}`;
    expect(verifyWebhookSignature(SECRET, body, header, { nowSeconds: now + 10 })).toBe(true);
    expect(verifyWebhookSignature(SECRET, body, header, { nowSeconds: now + 3600 })).toBe(false);
    expect(verifyWebhookSignature(SECRET, `${body} `, header, { nowSeconds: now })).toBe(false);
    expect(verifyWebhookSignature(SECRET, body, 'garbage', { nowSeconds: now })).toBe(false);
  });
});
