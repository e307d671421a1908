import { randomUUID } from 'node:crypto';
import { startTestApi, type TestApi } from '../support/api';
import { PATIENT_POLICY } from '../support/policies';
import { readEvents, type ServerSentEvent } from '../support/sse';

/**
 * A live stream asks again, before every read, whether its reader may still see it: an agent
 * watching a bot conversation another agent took, and a desk feed whose key was revoked, stop
 * receiving at once (`event: access_ended`), as a direct GET would by then be refused.
 */
let api: TestApi;

beforeAll(async () => {
  api = await startTestApi({ worker: { triggerPolicy: PATIENT_POLICY } });
});
beforeEach(() => api.testDb.db.query(`update agents set status = 'offline'`));
afterAll(() => api.stop());

async function agentWithKey(): Promise<{ agentId: string; key: string; keyId: string }> {
  const agentId = `agent-${randomUUID()}`;
  await api.call('POST', '/v1/agents', { body: { id: agentId, name: '小周', skills: [{ name: 'general', level: 1 }], capacity: 2, status: 'available' } });
  const issued = await api.call('POST', '/v1/keys', { body: { role: 'agent', agentId } });
  expect(issued.status).toBe(201);
  return { agentId, key: issued.body.key, keyId: issued.body.id };
}

const until = (name: string) => (events: ServerSentEvent[]) => events.some((event) => event.event === name);
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('a live stream re-checks access', () => {
  it('stops showing a watched bot conversation to an agent once another agent takes it', async () => {
    const id = (await api.call('POST', '/v1/conversations', { body: { customer: { id: `c-${randomUUID()}`, locale: 'zh-CN' }, channel: 'web' } })).body.id as string;
    await api.call('POST', `/v1/conversations/${id}/messages`, { body: { text: '你好' } });
    const watcher = await agentWithKey();
    const taker = await agentWithKey();
    const auth = { Authorization: `Bearer ${watcher.key}` };

    const watching = readEvents(api, `/v1/conversations/${id}/events`, until('access_ended'), auth);
    await pause(500);
    expect((await api.call('POST', `/v1/conversations/${id}/takeover`, { body: { agentId: taker.agentId } })).status).toBe(200);
    await api.call('POST', `/v1/conversations/${id}/messages`, { body: { text: '我的手机号是13800138000' } });
    const events = await watching;

    expect(events.at(-1)).toMatchObject({ event: 'access_ended', data: { reason: 'access_ended' } });
    const texts = events.filter((event) => event.event === 'message').map((event) => event.data.text as string);
    expect(texts).toContain('你好');
    expect(texts).not.toContain('我的手机号是13800138000');
    // The same as a direct read by then.
    expect((await fetch(`${api.baseUrl}/v1/conversations/${id}/messages`, { headers: auth })).status).toBe(403);
  });

  it('keeps streaming to the agent who took it', async () => {
    const id = (await api.call('POST', '/v1/conversations', { body: { customer: { id: `c-${randomUUID()}`, locale: 'zh-CN' }, channel: 'web' } })).body.id as string;
    const taker = await agentWithKey();
    expect((await api.call('POST', `/v1/conversations/${id}/takeover`, { body: { agentId: taker.agentId } })).status).toBe(200);
    const reading = readEvents(api, `/v1/conversations/${id}/events`, (events) => events.some((event) => event.event === 'message' && event.data.text === '还在吗'), {
      Authorization: `Bearer ${taker.key}`,
    });
    await pause(300);
    await api.call('POST', `/v1/conversations/${id}/messages`, { body: { text: '还在吗' } });
    const events = await reading;
    expect(events.map((event) => event.event)).not.toContain('access_ended');
    expect(events.some((event) => event.event === 'message' && event.data.text === '还在吗')).toBe(true);
  });

  it('ends a desk feed whose key is revoked', async () => {
    const { agentId, key, keyId } = await agentWithKey();
    const feed = readEvents(api, `/v1/agents/${agentId}/events`, until('access_ended'), { Authorization: `Bearer ${key}` });
    await pause(500);
    expect((await api.call('DELETE', `/v1/keys/${keyId}`)).status).toBe(204);
    const events = await feed;
    expect(events[0]?.event).toBe('agent');
    expect(events.at(-1)?.event).toBe('access_ended');
    expect((await fetch(`${api.baseUrl}/v1/agents/${agentId}/events`, { headers: { Authorization: `Bearer ${key}` } })).status).toBe(401);
  });
});
