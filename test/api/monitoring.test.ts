import { randomUUID } from 'node:crypto';
import { startTestApi, type TestApi } from '../support/api';
import { PATIENT_POLICY } from '../support/policies';
import { readEvents } from '../support/sse';

let api: TestApi;

beforeAll(async () => {
  api = await startTestApi({ worker: { triggerPolicy: PATIENT_POLICY } });
});
afterAll(() => api.stop());

async function conversation() {
  return (await api.call('POST', '/v1/conversations', { body: { customer: { id: `c-${randomUUID()}`, locale: 'zh-CN' }, channel: 'web' } })).body.id as string;
}
const say = (id: string, text: string) => api.call('POST', `/v1/conversations/${id}/messages`, { body: { text } });

describe('live monitoring', () => {
  it('lists live bot conversations with a risk indicator, the riskiest signals named', async () => {
    const calm = await conversation();
    await say(calm, '你好');
    const upset = await conversation();
    await say(upset, '退款怎么还没到');
    await say(upset, '答非所问，太差了！！');
    const list = await api.call('GET', '/v1/conversations?state=bot&limit=200');
    expect(list.status).toBe(200);
    const byId = new Map(list.body.conversations.map((c: { id: string }) => [c.id, c]));
    expect(byId.get(calm)).toMatchObject({ state: 'bot', risk: { level: 'low' } });
    expect(byId.get(upset)).toMatchObject({ state: 'bot', risk: { level: 'high' } });
    expect((byId.get(upset) as { risk: { reasons: string[] } }).risk.reasons).toContain('1 dissatisfied reply');
  });

  it('refuses an unknown state or limit, naming the field', async () => {
    expect(await api.call('GET', '/v1/conversations?state=sleeping')).toMatchObject({ status: 400, body: { error: { field: 'query.state' } } });
    expect(await api.call('GET', '/v1/conversations?state=bot&limit=5000')).toMatchObject({ status: 400, body: { error: { field: 'query.limit' } } });
  });

  it('streams every message and state change as server-sent events, resumable with Last-Event-ID', async () => {
    const id = await conversation();
    await say(id, '你好');
    const first = await readEvents(api, `/v1/conversations/${id}/events`, (events) => events.filter((e) => e.event === 'message').length === 2);
    expect(first.map((e) => e.event)).toEqual(['state', 'message', 'message']);
    expect(first[0]!.data).toMatchObject({ state: 'bot' });
    expect(first[1]!.data).toMatchObject({ from: 'customer', text: '你好' });

    await api.call('POST', `/v1/conversations/${id}/handoff`, {});
    await api.call('POST', `/v1/conversations/${id}/resolve`, { body: {} });
    // Resumed after the bot's reply; every state change in order, none skipped however brief; the
    // stream ends by itself once the conversation is resolved.
    const resumed = await readEvents(api, `/v1/conversations/${id}/events`, () => false, { 'Last-Event-ID': first[2]!.id! });
    expect(resumed.filter((e) => e.event === 'message').map((e) => e.data.text)).toEqual([
      '正在为您转接人工客服，请稍候……',
      expect.stringMatching(/^您是第\d+位/),
      '本次服务已结束，感谢您的耐心。',
    ]);
    expect(resumed.filter((e) => e.event === 'state').map((e) => e.data.state)).toEqual(['escalation_pending', 'queued', 'resolved']);
    expect(resumed.at(-1)).toMatchObject({ event: 'message' });
    const ids = resumed.map((e) => e.id!);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
