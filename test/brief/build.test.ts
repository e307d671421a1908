import { buildHandoffBrief, type BriefSources } from '../../brief/build';
import { renderBriefText } from '../../brief/render-text';
import { KnowledgeIndex } from '../../knowledge/search';
import { SEED_ARTICLES } from '../../knowledge/seed-articles';
import type { Locale } from '../../domain/conversation';
import { longChineseRefundConversation, transcriptOf } from '../support/transcripts';

const zhIndex = new KnowledgeIndex(SEED_ARTICLES.filter((article) => article.locale === 'zh-CN'));
const enIndex = new KnowledgeIndex(SEED_ARTICLES.filter((article) => article.locale === 'en'));

function sources(overrides: Partial<BriefSources> = {}): BriefSources {
  const transcript = transcriptOf(longChineseRefundConversation());
  return {
    conversationId: 'c1',
    channel: 'app',
    locale: 'zh-CN',
    builtAt: '2026-11-24T09:00:00.000Z',
    transcript,
    knownCustomer: { id: 'c-42', name: '王小明', phone: '+86 138 0013 8000', email: null, locale: 'zh-CN' },
    profile: {
      source: 'postgres',
      data: {
        id: 'c-42',
        name: '王小明',
        phone: '+86 138 0013 8000',
        email: 'xiaoming@example.cn',
        account: { tier: 'gold', since: '2019-03-08', flags: ['vip'] },
        orders: Array.from({ length: 7 }, (_, i) => ({
          id: `SO-${i}`,
          status: i === 6 ? 'refund_requested' : 'delivered',
          amount: 100 + i,
          currency: 'CNY',
          items: [{ name: '保温杯', quantity: 1 }],
          placedAt: new Date(Date.parse('2026-11-01T00:00:00Z') + i * 86_400_000).toISOString(),
        })),
      },
    },
    missing: [],
    escalation: { trigger: 'keyword', messageId: transcript.at(-1)!.id, evidence: '转人工', at: transcript.at(-1)!.at },
    knowledge: zhIndex,
    ...overrides,
  };
}

describe('the handoff brief', () => {
  it('after a long Chinese conversation has everything an agent needs at a glance', () => {
    const brief = buildHandoffBrief(sources());
    expect(brief.transcript).toHaveLength(63);
    expect(brief.stats).toMatchObject({ messages: 63, customerTurns: 32, botTurns: 31 });
    expect(brief.customer).toMatchObject({ name: '王小明', email: 'xiaoming@example.cn', source: 'postgres', account: { vip: true, tier: 'gold' } });
    expect(brief.customer.recentOrders.map((order) => order.id)).toEqual(['SO-6', 'SO-5', 'SO-4', 'SO-3', 'SO-2']);
    expect(brief.classification).toMatchObject({ category: 'returns_refunds', intent: 'refund_status' });
    expect(brief.classification.priority).toBeGreaterThanOrEqual(3);
    expect(brief.escalation).toMatchObject({ trigger: 'keyword', evidence: '转人工' });
    expect(brief.knowledge[0]?.id).toBe('zh-refund-time');
    expect(brief.knowledge.length).toBeLessThanOrEqual(3);
    expect(brief.botAttempts).toHaveLength(3);
    expect(brief.summary).toContain('退货退款');
    expect(brief.summary).toContain('退款到现在还没到账');
    expect(brief.summary).toContain('机器人已回复31次');
    expect(brief.summary).toContain('客户要求转人工（转人工）');
  });

  it('says what is missing when the customer record could not be had, and keeps what the conversation knew', () => {
    const brief = buildHandoffBrief(sources({ profile: null, missing: ['customer record: CRM did not answer within 2000 ms'] }));
    expect(brief.customer).toMatchObject({ name: '王小明', phone: '+86 138 0013 8000', source: 'conversation', recentOrders: [] });
    expect(brief.customer.account.vip).toBe(false);
    expect(brief.missing).toEqual(['customer record: CRM did not answer within 2000 ms']);
  });

  it('speaks traditional Chinese to a zh-TW conversation, articles included', () => {
    const brief = buildHandoffBrief(sources({ locale: 'zh-TW' }));
    expect(brief.knowledge[0]?.title).toBe('退款多久到賬');
    expect(brief.summary).toContain('機器人已回覆');
  });

  it('writes an English summary for an English conversation', () => {
    const transcript = transcriptOf([
      ['customer', 'My parcel is late, it should have arrived on Monday'],
      ['bot', "Sorry, I didn't quite get that."],
      ['customer', 'human agent please'],
    ]);
    const brief = buildHandoffBrief(
      sources({ locale: 'en', transcript, knowledge: enIndex, escalation: { trigger: 'keyword', messageId: null, evidence: 'human agent', at: transcript[2]!.at } }),
    );
    expect(brief.summary).toBe(
      'The customer needs help with shipping: "My parcel is late, it should have arrived on Monday". ' +
        'The bot answered 1 time, last: "Sorry, I didn\'t quite get that". Escalated because the customer asked for a person (human agent).',
    );
    expect(brief.knowledge[0]?.id).toBe('en-parcel-delayed');
  });

  it.each([
    ['zh-CN', ['【摘要】', '【客户】', '【最近订单】', '【相关知识】', '【对话记录】', '客户：气死了！！转人工']],
    ['zh-TW', ['【摘要】', '【客戶】', '【最近訂單】', '【相關知識】', '【對話記錄】']],
    ['en', ['== Summary ==', '== Customer ==', '== Recent orders ==', '== Knowledge base ==', '== Transcript ==', 'Customer: 气死了！！转人工']],
  ] as Array<[Locale, string[]]>)('renders as readable plain text in %s', (locale, expected) => {
    const text = renderBriefText(buildHandoffBrief(sources()), locale);
    for (const fragment of expected) expect(text).toContain(fragment);
    expect(text).toContain('SO-6  refund_requested  106.00 CNY  保温杯×1');
  });
});
