import { randomUUID } from 'node:crypto';
import { startTestApi, type TestApi } from '../support/api';
import { PATIENT_POLICY } from '../support/policies';

let api: TestApi;

beforeAll(async () => {
  api = await startTestApi({ worker: { triggerPolicy: PATIENT_POLICY } });
});
beforeEach(() => api.testDb.db.query(`update agents set status = 'offline'`));
afterAll(() => api.stop());

async function agent(overrides: Record<string, unknown> = {}) {
  const id = `agent-${randomUUID()}`;
  await api.call('POST', '/v1/agents', { body: { id, name: '小周', skills: [{ name: 'general', level: 1 }], capacity: 2, status: 'available', ...overrides } });
  return id;
}
async function conversation(channel = 'web') {
  return (await api.call('POST', '/v1/conversations', { body: { customer: { id: `c-${randomUUID()}`, locale: 'zh-CN' }, channel } })).body.id as string;
}

describe('stepping in', () => {
  it('takes a live bot conversation: the bot stops, the customer is told a person joined, the brief is there', async () => {
    const id = await conversation();
    await api.call('POST', `/v1/conversations/${id}/messages`, { body: { text: '你好' } });
    const agentId = await agent();
    const taken = await api.call('POST', `/v1/conversations/${id}/takeover`, { body: { agentId } });
    expect(taken.body.state).toBe('agent_assigned');
    expect(taken.body.replies.map((m: { text: string }) => m.text)).toContain('人工客服小周已加入对话，很高兴为您服务。');
    const record = (await api.call('GET', `/v1/conversations/${id}`)).body;
    expect(record).toMatchObject({ agentId, escalation: { trigger: 'takeover', evidence: `agent ${agentId} stepped in` } });
    expect((await api.call('GET', `/v1/conversations/${id}/brief`)).status).toBe(200);
    const next = await api.call('POST', `/v1/conversations/${id}/messages`, { body: { text: '在吗' } });
    expect(next.body).toMatchObject({ state: 'agent_assigned', replies: [] });
  });

  it('takes a waiting conversation for the agent who asks, not the next best', async () => {
    const id = await conversation('line');
    await api.call('POST', `/v1/conversations/${id}/handoff`, {});
    const agentId = await agent({ channels: ['sms'] });
    const taken = await api.call('POST', `/v1/conversations/${id}/takeover`, { body: { agentId } });
    expect(taken.body.state).toBe('agent_assigned');
    expect((await api.call('GET', `/v1/conversations/${id}`)).body.agentId).toBe(agentId);
  });

  it('refuses an agent who cannot take it, an unknown agent, and a conversation already with a person', async () => {
    const id = await conversation();
    const away = await agent({ status: 'away' });
    expect(await api.call('POST', `/v1/conversations/${id}/takeover`, { body: { agentId: away } })).toMatchObject({
      status: 409,
      body: { error: { code: 'agent_unavailable', field: 'agentId' } },
    });
    expect(await api.call('POST', `/v1/conversations/${id}/takeover`, { body: { agentId: `agent-${randomUUID()}` } })).toMatchObject({ status: 404 });
    const first = await agent();
    await api.call('POST', `/v1/conversations/${id}/takeover`, { body: { agentId: first } });
    const second = await agent();
    expect(await api.call('POST', `/v1/conversations/${id}/takeover`, { body: { agentId: second } })).toMatchObject({
      status: 409,
      body: { error: { code: 'transition_refused', state: 'agent_assigned' } },
    });
  });
});
