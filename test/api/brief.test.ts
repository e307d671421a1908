import { randomUUID } from 'node:crypto';
import { seedDemoData } from '../../demo/seed';
import { startTestApi, type TestApi } from '../support/api';

let api: TestApi;

beforeAll(async () => {
  api = await startTestApi();
  await seedDemoData(api.testDb.db);
});
beforeEach(() => api.testDb.db.query(`update agents set status = 'offline'`));
afterAll(() => api.stop());

async function escalatedConversation(customerId: string, texts: string[], channel = 'web') {
  const created = await api.call('POST', '/v1/conversations', { body: { customer: { id: customerId }, channel } });
  for (const text of texts) await api.call('POST', `/v1/conversations/${created.body.id}/messages`, { body: { text } });
  return created.body.id as string;
}

describe('GET /v1/conversations/:id/brief', () => {
  it('returns the brief as JSON, with the customer record and orders from the provider', async () => {
    const id = await escalatedConversation('c-42', ['退款一直没到账，怎么回事', '转人工']);
    const response = await api.call('GET', `/v1/conversations/${id}/brief`);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      conversationId: id,
      locale: 'zh-CN',
      customer: { id: 'c-42', name: '王小明', account: { vip: true }, source: 'postgres' },
      classification: { category: 'returns_refunds' },
      escalation: { trigger: 'keyword', evidence: '转人工' },
      missing: [],
    });
    expect(response.body.customer.recentOrders[0].id).toBe('SO-20261118-0042');
    expect(response.body.knowledge[0].id).toBe('zh-refund-time');
    expect(response.body.transcript.map((m: { from: string; text: string }) => `${m.from}:${m.text}`)).toEqual([
      'customer:退款一直没到账，怎么回事',
      expect.stringMatching(/^bot:/),
      'customer:转人工',
      'system:正在为您转接人工客服，请稍候……',
      // Live: what was said after the brief was built is there too.
      expect.stringMatching(/^system:您是第1位/),
    ]);
  });

  it('renders readable plain text for Accept: text/plain, in the locale asked for', async () => {
    const id = await escalatedConversation('c-1001', ['My parcel is late', 'human agent']);
    const text = await api.call('GET', `/v1/conversations/${id}/brief`, { headers: { Accept: 'text/plain' } });
    expect(text.status).toBe(200);
    expect(text.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(text.body).toContain('== Summary ==');
    expect(text.body).toContain('Ada Lovelace');
    const chinese = await api.call('GET', `/v1/conversations/${id}/brief?locale=zh-TW`, { headers: { Accept: 'text/plain' } });
    expect(chinese.body).toContain('【摘要】');
  });

  it('is a 404 before the conversation escalated, and a 400 for an unknown locale', async () => {
    const created = await api.call('POST', '/v1/conversations', { body: { customer: { id: `c-${randomUUID()}` }, channel: 'web' } });
    expect(await api.call('GET', `/v1/conversations/${created.body.id}/brief`)).toMatchObject({ status: 404, body: { error: { code: 'not_found' } } });
    expect(await api.call('GET', `/v1/conversations/${created.body.id}/brief?locale=fr`)).toMatchObject({
      status: 400,
      body: { error: { field: 'query.locale' } },
    });
  });
});

describe('GET /v1/agents/:id/conversations', () => {
  it('gives the agent each conversation they hold with the brief that travelled with it', async () => {
    const agentId = `agent-${randomUUID()}`;
    // On a channel no other test uses, so conversations other tests left queued do not compete.
    // 退款 goes to the billing team.
    const agent = { id: agentId, name: '小李', skills: [{ name: 'billing', level: 3 }], capacity: 2, channels: ['line'], status: 'available' };
    await api.call('POST', '/v1/agents', { body: agent });
    const id = await escalatedConversation('c-2001', ['我的退款還沒到賬', '轉人工'], 'line');
    const held = await api.call('GET', `/v1/agents/${agentId}/conversations`);
    expect(held.status).toBe(200);
    expect(held.body.conversations).toEqual([
      expect.objectContaining({ conversationId: id, brief: expect.objectContaining({ locale: 'zh-TW', summary: expect.stringContaining('客戶訴求') }) }),
    ]);
    expect(await api.call('GET', `/v1/agents/agent-${randomUUID()}/conversations`)).toMatchObject({ status: 404 });
  });
});
