import { randomUUID } from 'node:crypto';
import { conversationViewQuery, conversationWorkflowId } from '../../workflows/definitions';
import { startTestApi, type TestApi } from '../support/api';
import { PATIENT_POLICY } from '../support/policies';
import { eventually } from '../support/temporal';

let api: TestApi;

beforeAll(async () => {
  api = await startTestApi({ worker: { triggerPolicy: PATIENT_POLICY } });
});
// Every test starts with nobody on duty; it puts on duty the agents it means to.
beforeEach(() => api.testDb.db.query(`update agents set status = 'offline'`));
afterAll(() => api.stop());

const newCustomer = (locale?: string) => ({ id: `cust-${randomUUID()}`, name: 'Ada', email: 'ada@example.com', ...(locale ? { locale } : {}) });

async function createConversation(body: Record<string, unknown> = { customer: newCustomer(), channel: 'app' }) {
  const created = await api.call('POST', '/v1/conversations', { body });
  expect(created.status).toBe(201);
  return created.body as { id: string; state: string };
}

describe('the REST API, end to end', () => {
  it('reports health', async () => {
    const health = await api.call('GET', '/healthz', { auth: null });
    expect(health).toMatchObject({ status: 200, body: { status: 'ok', database: 'ok', temporal: 'ok' } });
  });

  it('takes a conversation from the bot to a queue, to an agent, to resolved', async () => {
    const conversation = await createConversation({ customer: newCustomer('en'), channel: 'web', metadata: { orderId: 'A-1' } });
    expect(conversation).toMatchObject({ state: 'bot', channel: 'web', queue: null, agentId: null });

    const botTurn = await api.call('POST', `/v1/conversations/${conversation.id}/messages`, { body: { text: 'Where is my order?' } });
    expect(botTurn.status).toBe(200);
    expect(botTurn.body).toMatchObject({ state: 'bot', replies: [{ from: 'bot' }] });

    const escalated = await api.call('POST', `/v1/conversations/${conversation.id}/messages`, { body: { text: 'human agent please' } });
    expect(escalated.body.state).toBe('queued');
    expect(escalated.body.replies.map((m: { text: string }) => m.text)).toEqual([
      'Transferring you to a human agent, please wait…',
      expect.stringMatching(/^You are number \d+ in line\./),
    ]);

    const waiting = await api.call('GET', `/v1/conversations/${conversation.id}`);
    expect(waiting.body).toMatchObject({
      state: 'queued',
      escalation: { trigger: 'keyword', evidence: 'human agent' },
      queue: { position: expect.any(Number), estimatedWaitSeconds: null },
    });

    const agentId = `agent-${randomUUID()}`;
    const agent = await api.call('POST', '/v1/agents', {
      body: { id: agentId, name: 'Mei', skills: [{ name: 'orders', level: 3 }], capacity: 3, languages: ['en', 'zh-CN'], channels: ['web', 'app'] },
    });
    expect(agent).toMatchObject({ status: 201, body: { id: agentId, status: 'offline', languages: ['en', 'zh'], load: 0, autoAccept: false } });

    // "Where is my order?" needs the orders team: the agent coming on duty is offered it at once.
    const onDuty = await api.call('PUT', `/v1/agents/${agentId}/status`, { body: { status: 'available' } });
    expect(onDuty.body).toMatchObject({ status: 'available', load: 1, assigned: [conversation.id] });
    const offered = await eventually(async () => {
      const current = await api.call('GET', `/v1/conversations/${conversation.id}`);
      return current.body.assignment?.offerExpiresAt ? current.body : undefined;
    });
    expect(offered).toMatchObject({ state: 'agent_assigned', agentId, queue: null, assignment: { status: 'offered', reason: { how: 'took_from_queue', skill: 'orders' } } });
    const desk = await api.call('GET', `/v1/agents/${agentId}/conversations`);
    expect(desk.body.conversations).toMatchObject([{ conversationId: conversation.id, status: 'offered', brief: { conversationId: conversation.id } }]);
    // Writing before accepting is refused, and nothing is stored.
    expect(await api.call('POST', `/v1/conversations/${conversation.id}/agent-messages`, { body: { agentId, text: 'too early' } })).toMatchObject({ status: 409 });

    const accepted = await api.call('POST', `/v1/conversations/${conversation.id}/accept`, { body: { agentId } });
    expect(accepted).toMatchObject({ status: 200, body: { state: 'agent_assigned' } });
    expect(accepted.body.replies.map((m: { text: string }) => m.text)).toEqual(['Mei from our support team has joined the conversation.']);
    expect((await api.call('GET', `/v1/conversations/${conversation.id}`)).body.assignment).toMatchObject({ status: 'active', offerExpiresAt: null });
    // Answering twice is a refused transition.
    expect(await api.call('POST', `/v1/conversations/${conversation.id}/accept`, { body: { agentId } })).toMatchObject({ status: 409 });

    const agentTurn = await api.call('POST', `/v1/conversations/${conversation.id}/agent-messages`, {
      body: { agentId, text: 'Hi Ada, let me check.' },
    });
    expect(agentTurn).toMatchObject({ status: 200, body: { state: 'agent_assigned' } });
    const customerTurn = await api.call('POST', `/v1/conversations/${conversation.id}/messages`, { body: { text: 'thanks' } });
    expect(customerTurn.body).toMatchObject({ state: 'agent_assigned', replies: [] });

    const resolved = await api.call('POST', `/v1/conversations/${conversation.id}/resolve`, { body: { agentId } });
    expect(resolved).toMatchObject({ status: 200, body: { state: 'resolved' } });
    expect((await api.call('GET', `/v1/agents/${agentId}`)).body.load).toBe(0);

    const transcript = await api.call('GET', `/v1/conversations/${conversation.id}/messages`);
    expect(transcript.body.messages.map((m: { from: string }) => m.from)).toEqual([
      'customer', 'bot', 'customer', 'system', 'system', 'system', 'agent', 'customer', 'system',
    ]);
    for (const message of transcript.body.messages) expect(Date.parse(message.at)).not.toBeNaN();
  });

  it('assigns at once when a fitting agent is free', async () => {
    const agentId = `agent-${randomUUID()}`;
    // An agent who auto-accepts: the offer is taken as it is made.
    await api.call('POST', '/v1/agents', { body: { id: agentId, name: '小王', skills: [{ name: 'general', level: 2 }], capacity: 1, status: 'available', autoAccept: true } });
    const conversation = await createConversation({ customer: newCustomer('zh-CN'), channel: 'wechat' });
    const handoff = await api.call('POST', `/v1/conversations/${conversation.id}/handoff`, { body: {} });
    expect(handoff.body).toMatchObject({ state: 'agent_assigned' });
    expect(handoff.body.replies.map((m: { text: string }) => m.text)).toEqual([
      '正在为您转接人工客服，请稍候……',
      '人工客服小王已加入对话，很高兴为您服务。',
    ]);
    const record = await api.call('GET', `/v1/conversations/${conversation.id}`);
    expect(record.body).toMatchObject({
      state: 'agent_assigned',
      agentId,
      escalation: { trigger: 'menu' },
      assignment: { agentId, status: 'active', reason: { how: 'best_score', skill: 'general', skillLevel: 2, requirement: 'no rule matched: the fallback' } },
    });
  });

  it('returns the same conversation for a retried create with the same Idempotency-Key', async () => {
    const key = randomUUID();
    const body = { customer: newCustomer(), channel: 'phone' };
    const first = await api.call('POST', '/v1/conversations', { body, headers: { 'Idempotency-Key': key } });
    const retried = await api.call('POST', '/v1/conversations', { body, headers: { 'Idempotency-Key': key } });
    expect(first.status).toBe(201);
    expect(retried.status).toBe(201);
    expect(retried.body.id).toBe(first.body.id);
    expect(retried.headers.get('idempotent-replayed')).toBe('true');
    const reused = await api.call('POST', '/v1/conversations', { body: { ...body, channel: 'sms' }, headers: { 'Idempotency-Key': key } });
    expect(reused).toMatchObject({ status: 409, body: { error: { code: 'idempotency_key_reused', field: 'Idempotency-Key' } } });
  });

  it('stores and answers a duplicated message once', async () => {
    const conversation = await createConversation();
    const key = randomUUID();
    const send = () => api.call('POST', `/v1/conversations/${conversation.id}/messages`, { body: { text: 'hello' }, headers: { 'Idempotency-Key': key } });
    const [first, second] = await Promise.all([send(), send()]);
    const third = await send();
    expect(second.body).toEqual(first.body);
    expect(third.body).toEqual(first.body);
    const transcript = await api.call('GET', `/v1/conversations/${conversation.id}/messages`);
    expect(transcript.body.messages.map((m: { from: string }) => m.from)).toEqual(['customer', 'bot']);
  });

  it('keeps state and transcript through continue-as-new in a long conversation', async () => {
    const conversation = await createConversation({ customer: newCustomer('zh-CN'), channel: 'app' });
    const handle = api.temporal.client.workflow.getHandle(conversationWorkflowId(conversation.id));
    // Turns until the history is long enough for Temporal to suggest continuing as new (test/support/global-setup.ts),
    // however many events a turn writes, then a few more in the new run.
    let turns = 0;
    for (let continuedAt: number | null = null; continuedAt === null || turns < continuedAt + 3; ) {
      const turn = await api.call('POST', `/v1/conversations/${conversation.id}/messages`, { body: { text: `第${turns}个问题` } });
      expect(turn.status).toBe(200);
      turns += 1;
      if (continuedAt === null && (await handle.query(conversationViewQuery)).runs > 1) continuedAt = turns;
      expect(turns).toBeLessThan(200);
    }
    expect((await handle.query(conversationViewQuery)).runs).toBeGreaterThan(1);
    const escalated = await api.call('POST', `/v1/conversations/${conversation.id}/messages`, { body: { text: '我要人工' } });
    expect(escalated.body.state).toBe('queued');
    const transcript = await api.call('GET', `/v1/conversations/${conversation.id}/messages`);
    expect(transcript.body.messages.filter((m: { from: string }) => m.from === 'customer')).toHaveLength(turns + 1);
    expect(transcript.body.messages[0].text).toBe('第0个问题');
  });

  it('lets a customer leave the queue', async () => {
    const conversation = await createConversation();
    await api.call('POST', `/v1/conversations/${conversation.id}/handoff`, { body: { reason: 'VIP', source: 'service' } });
    const left = await api.call('POST', `/v1/conversations/${conversation.id}/resolve`, { body: {} });
    expect(left.body.state).toBe('resolved');
    const queued = await api.testDb.db.query('select count(*)::int as n from queue_entries where conversation_id = $1', [conversation.id]);
    expect(queued.rows[0].n).toBe(0);
  });
});
