import { randomUUID } from 'node:crypto';
import { startTestApi, type TestApi } from '../support/api';
import { eventually } from '../support/temporal';

let api: TestApi;

beforeAll(async () => {
  // Rechecks every second and reminders every two, so waiting is observable in a test.
  api = await startTestApi({ queueRecheckSeconds: 1, waitPolicy: { reminderSeconds: 2, callbackOfferSeconds: 600 } });
});
beforeEach(() => api.testDb.db.query(`update agents set status = 'offline'`));
afterAll(() => api.stop());

/** A conversation queued on a channel of the test's own, with one busy agent who could take it. */
async function queuedConversation(channel: string, { locale = 'zh-CN', phone }: { locale?: string; phone?: string } = {}) {
  const agentId = `agent-${randomUUID()}`;
  await api.call('POST', '/v1/agents', {
    body: { id: agentId, name: 'A', skills: [{ name: 'general', level: 1 }], capacity: 1, channels: [channel], status: 'available' },
  });
  await api.testDb.db.query('update agents set load = 1 where id = $1', [agentId]);
  const created = await api.call('POST', '/v1/conversations', { body: { customer: { id: `c-${randomUUID()}`, locale, ...(phone ? { phone } : {}) }, channel } });
  const handoff = await api.call('POST', `/v1/conversations/${created.body.id}/handoff`, {});
  expect(handoff.body.state).toBe('queued');
  return { id: created.body.id as string, agentId, handoff: handoff.body };
}

const systemTexts = async (id: string) =>
  (await api.call('GET', `/v1/conversations/${id}/messages`)).body.messages.filter((m: { from: string }) => m.from === 'system').map((m: { text: string }) => m.text);

describe('waiting in the queue', () => {
  it('tells the customer their place and an estimate from live staffing, and reminds them while they wait', async () => {
    const { id, handoff } = await queuedConversation('sms');
    // One busy agent, nothing learned yet: (0 + 1) × 300 s / 1 slot.
    expect(handoff.replies.map((m: { text: string }) => m.text)).toEqual([
      '正在为您转接人工客服，请稍候……',
      '您是第1位等待转接的用户，预计等待时间为5分钟。',
    ]);
    expect((await api.call('GET', `/v1/conversations/${id}`)).body.queue).toEqual({ position: 1, estimatedWaitSeconds: 300 });
    await eventually(async () => ((await systemTexts(id)).filter((text: string) => text.startsWith('您是第1位')).length >= 2 ? true : undefined), 10_000);
  });

  it('offers a callback or a message when the wait is long, and takes the callback', async () => {
    const { id } = await queuedConversation('email', { locale: 'en', phone: '+1 555 0100' });
    // Nine more conversations ahead would not fit in a test; a longer handle history does the same.
    const skill = 'general';
    for (let i = 0; i < 25; i += 1) {
      const done = (await api.call('POST', '/v1/conversations', { body: { customer: { id: `old-${randomUUID()}` }, channel: 'email' } })).body.id;
      await api.testDb.db.query(
        `insert into assignments (conversation_id, agent_id, skill, assigned_at, accepted_at, ended_at, end_reason)
         select $1, id, $2, now() - interval '40 minutes', now() - interval '40 minutes', now() - interval '10 minutes', 'resolved' from agents where 'email' = any (channels) limit 1`,
        [done, skill],
      );
    }
    const { forgetLearnedHandleTimes } = await import('../../routing/wait-estimate');
    forgetLearnedHandleTimes(api.testDb.db);
    const offer = await eventually(async () => {
      const texts = (await api.call('GET', `/v1/conversations/${id}/messages`)).body.messages;
      return texts.find((m: { quickReplies?: unknown[] }) => m.quickReplies?.length === 3);
    }, 10_000);
    expect(offer.text).toMatch(/^The wait is long right now \(about 30 minutes\)\./);
    expect(offer.quickReplies).toEqual([
      { action: 'leave_queue', choice: 'callback', label: 'Call me back' },
      { action: 'leave_queue', choice: 'message', label: 'Leave a message' },
      { action: 'keep_waiting', label: 'Keep waiting' },
    ]);
    const left = await api.call('POST', `/v1/conversations/${id}/leave-queue`, { body: { choice: 'callback' } });
    expect(left.body).toMatchObject({ state: 'resolved', replies: [{ text: 'Thank you — an agent will call you back soon.' }] });
    expect((await api.call('GET', `/v1/conversations/${id}`)).body).toMatchObject({ outcome: 'callback_requested', callbackNumber: '+1 555 0100' });
  });

  it('lets a customer leave a message instead, storing it first', async () => {
    const { id } = await queuedConversation('telegram');
    const left = await api.call('POST', `/v1/conversations/${id}/leave-queue`, { body: { choice: 'message', message: '订单号SO-1，请尽快回复' } });
    expect(left.body.state).toBe('resolved');
    const messages = (await api.call('GET', `/v1/conversations/${id}/messages`)).body.messages.map((m: { text: string }) => m.text);
    expect(messages).toContain('订单号SO-1，请尽快回复');
    expect(messages.at(-1)).toBe('已收到您的留言，客服会尽快回复您。');
    expect((await api.call('GET', `/v1/conversations/${id}`)).body.outcome).toBe('message_left');
  });

  it('lets a customer just leave, which the estimator learns from as an abandonment', async () => {
    const { id } = await queuedConversation('messenger');
    expect((await api.call('POST', `/v1/conversations/${id}/leave-queue`, { body: { choice: 'abandon' } })).body.state).toBe('resolved');
    const exits = await api.testDb.db.query('select outcome from queue_exits where conversation_id = $1', [id]);
    expect(exits.rows).toEqual([{ outcome: 'abandoned' }]);
    expect((await api.call('GET', `/v1/conversations/${id}`)).body.outcome).toBe('abandoned');
  });

  it('refuses to leave a queue the conversation is not in, and a callback with nowhere to call', async () => {
    const created = await api.call('POST', '/v1/conversations', { body: { customer: { id: `c-${randomUUID()}` }, channel: 'web' } });
    expect(await api.call('POST', `/v1/conversations/${created.body.id}/leave-queue`, { body: { choice: 'abandon' } })).toMatchObject({
      status: 409,
      body: { error: { code: 'transition_refused', state: 'bot' } },
    });
    const { id } = await queuedConversation('whatsapp');
    expect(await api.call('POST', `/v1/conversations/${id}/leave-queue`, { body: { choice: 'callback' } })).toMatchObject({
      status: 400,
      body: { error: { field: 'callbackNumber' } },
    });
    expect(await api.call('POST', `/v1/conversations/${id}/leave-queue`, { body: { choice: 'later' } })).toMatchObject({
      status: 400,
      body: { error: { field: 'choice' } },
    });
  });
});
