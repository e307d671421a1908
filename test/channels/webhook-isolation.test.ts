import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { startTestApi, type TestApi } from '../support/api';
import { PATIENT_POLICY } from '../support/policies';
import { eventually } from '../support/temporal';

/**
 * Webhooks that never answer hold only the deliveries' own slots (worker/worker.ts): with every one
 * of them taken by a hanging request, a conversation's turn still runs at once. Before deliveries had
 * a task queue of their own, such webhooks filled the one worker's activity slots and conversation
 * updates timed out as 503s (found by the fuzz check).
 */
let api: TestApi;
let server: Server;
let open = 0;
let ended = 0;

beforeAll(async () => {
  api = await startTestApi({ worker: { triggerPolicy: PATIENT_POLICY } });
  // Takes each request and never answers; the sender gives up after its timeout.
  server = createServer((req, res) => {
    open += 1;
    req.resume();
    // The response closes when the sender gives up and drops the connection.
    res.on('close', () => {
      open -= 1;
      ended += 1;
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await api.stop();
});

async function conversation(channel: string) {
  return (await api.call('POST', '/v1/conversations', { body: { customer: { id: `c-${randomUUID()}`, locale: 'zh-CN' }, channel } })).body.id as string;
}

describe('webhooks that hang', () => {
  it('fill the deliveries’ slots, not the conversations’: the bot answers while every delivery slot is held', async () => {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hangs`;
    for (let i = 0; i < 120; i += 1) {
      expect((await api.call('POST', '/v1/webhooks', { body: { url, channels: ['sms'], eventTypes: ['message.created'] } })).status).toBe(201);
    }
    // Each bot reply is one delivery per webhook, each in its own lane: 240 requests that hang.
    for (const id of [await conversation('sms'), await conversation('sms')]) await api.call('POST', `/v1/conversations/${id}/messages`, { body: { text: '你好' } });
    // The delivery worker's 50 activity slots are all taken by requests that will not be answered.
    const seen: number[] = [];
    await eventually(async () => (seen.push(open), open >= 50 ? true : undefined), 20_000).catch((error) => {
      throw new Error(`${String(error)}; open over time: ${seen.filter((_, i) => i % 10 === 0).join(",")}; ended ${ended}`);
    });
    expect(ended).toBe(0);

    const web = await conversation('web');
    const reply = await api.call('POST', `/v1/conversations/${web}/messages`, { body: { text: '你好，请问怎么退货' } });
    expect(reply).toMatchObject({ status: 200, body: { state: 'bot', replies: [expect.objectContaining({ from: 'bot' })] } });
    // Answered before a single hanging delivery gave up (each holds its slot for 10 s): it did not wait for one.
    expect(ended).toBe(0);
    expect(open).toBeGreaterThanOrEqual(50);
  }, 60_000);
});
