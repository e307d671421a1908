import { randomUUID } from 'node:crypto';
import { createWebhookBot } from '../../bot/webhook-bot';
import { seedDemoData } from '../../demo/seed';
import { conversationWorkflowId } from '../../workflows/definitions';
import { startTestApi, type TestApi } from '../support/api';

let api: TestApi;

beforeAll(async () => {
  api = await startTestApi();
  await seedDemoData(api.testDb.db);
});
afterAll(() => api.stop());

async function conversation(locale = 'zh-CN', customerId = `c-${randomUUID()}`) {
  return (await api.call('POST', '/v1/conversations', { body: { customer: { id: customerId, locale }, channel: 'app' } })).body.id as string;
}
const say = (id: string, text: string) => api.call('POST', `/v1/conversations/${id}/messages`, { body: { text } });

describe('the knowledge-base bot', () => {
  it('answers from the knowledge base, in traditional characters for zh-TW, always offering a person', async () => {
    const id = await conversation('zh-TW');
    const turn = await say(id, '退款多久到賬？');
    expect(turn.body.state).toBe('bot');
    const [reply] = turn.body.replies;
    expect(reply.text).toMatch(/^退款多久到賬：/);
    expect(reply.quickReplies.at(-1)).toEqual({ action: 'handoff', label: '轉人工服務' });
  });

  it('says it did not understand, with choices, and hands over after two misses in a row', async () => {
    const id = await conversation('en');
    const first = await say(id, 'blorp fizzle wobble');
    expect(first.body.replies[0].text).toMatch(/^Sorry, I didn't quite get that/);
    expect(first.body.replies[0].quickReplies.map((q: { label: string }) => q.label)).toEqual([
      'My order', 'Shipping', 'Returns and refunds', 'Payments', 'My account', 'Talk to a human',
    ]);
    const second = await say(id, 'zanzibar quux');
    expect(second.body.state).toBe('queued');
    expect((await api.call('GET', `/v1/conversations/${id}`)).body.escalation).toMatchObject({ trigger: 'bot_fallbacks' });
  });
});

describe('offering a person', () => {
  it('asks on a soft request and hands over when the customer says yes', async () => {
    const id = await conversation();
    const offer = await say(id, '有人吗？');
    expect(offer.body.replies[0]).toMatchObject({ text: '需要为您转接人工客服吗？', quickReplies: [{ action: 'handoff', label: '需要' }, { action: 'message', label: '不用了' }] });
    const yes = await say(id, '好的');
    expect(yes.body.state).toBe('queued');
    expect((await api.call('GET', `/v1/conversations/${id}`)).body.escalation).toMatchObject({ trigger: 'keyword', evidence: expect.stringContaining('accepted the offer') });
  });

  it('carries on when the customer says no', async () => {
    const id = await conversation();
    await say(id, '有人吗');
    const no = await say(id, '不用了');
    expect(no.body).toMatchObject({ state: 'bot', replies: [{ text: '好的，我继续为您服务。请问还有什么可以帮您？' }] });
  });
});

describe('situational triggers over the API', () => {
  it('hands a legal threat over at once with a higher priority, and tells the operators why', async () => {
    const id = await conversation();
    const turn = await say(id, '你们再不退款，我就找律师起诉你们');
    expect(turn.body.state).toBe('queued');
    const record = (await api.call('GET', `/v1/conversations/${id}`)).body;
    expect(record.escalation).toMatchObject({ trigger: 'question_type', evidence: 'legal_threat: 律师', priority: 3, messageId: turn.body.messageId });
    const queued = await api.testDb.db.query('select priority from queue_entries where conversation_id = $1', [id]);
    expect(queued.rows[0].priority).toBeGreaterThanOrEqual(3);
    const description = await api.temporal.client.workflow.getHandle(conversationWorkflowId(id)).describe();
    expect(description.searchAttributes.EscalationTrigger).toEqual(['question_type']);
  });

  it('hands over when a thumbs-down completes a streak of dissatisfaction', async () => {
    const id = await conversation('en');
    const first = await say(id, 'how long does shipping take');
    const helpful = await api.call('POST', `/v1/conversations/${id}/messages/${first.body.replies[0].id}/feedback`, { body: { helpful: true } });
    expect(helpful.body.state).toBe('bot');
    const second = await say(id, 'that is not helpful, how long does delivery take to remote areas');
    const down = await api.call('POST', `/v1/conversations/${id}/messages/${second.body.replies[0].id}/feedback`, { body: { helpful: false } });
    expect(down.body.state).toBe('queued');
    expect((await api.call('GET', `/v1/conversations/${id}`)).body.escalation).toMatchObject({ trigger: 'repeated_dissatisfaction' });
  });

  it('refuses feedback that names no bot message, or is not a yes/no', async () => {
    const id = await conversation('en');
    expect(await api.call('POST', `/v1/conversations/${id}/messages/${randomUUID()}/feedback`, { body: { helpful: false } })).toMatchObject({ status: 404 });
    const turn = await say(id, 'how long does shipping take');
    expect(await api.call('POST', `/v1/conversations/${id}/messages/${turn.body.replies[0].id}/feedback`, { body: { helpful: 'meh' } })).toMatchObject({
      status: 400,
      body: { error: { field: 'helpful' } },
    });
  });
});

describe("a company's own bot", () => {
  it('escalates instead of hanging when that bot is down', async () => {
    const down = await startTestApi({ worker: { bot: createWebhookBot({ url: 'http://127.0.0.1:9/bot', timeoutMs: 200 }) } });
    try {
      const id = (await down.call('POST', '/v1/conversations', { body: { customer: { id: 'c-1' }, channel: 'web' } })).body.id;
      const turn = await down.call('POST', `/v1/conversations/${id}/messages`, { body: { text: 'where is my order' } });
      expect(turn.body).toMatchObject({ state: 'queued' });
      expect((await down.call('GET', `/v1/conversations/${id}`)).body.escalation).toMatchObject({
        trigger: 'bot_unavailable',
        evidence: expect.stringContaining('the bot is unreachable'),
      });
    } finally {
      await down.stop();
    }
  });
});
