import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { createActivities } from '../../activities';
import type { BotEngine } from '../../bot/engine';
import { createPostgresCustomerProvider } from '../../customers/postgres-provider';
import type { CustomerDataProvider } from '../../customers/provider';
import { createConversation, getConversation } from '../../db/conversations';
import { addCustomerIfAbsent } from '../../db/customers';
import { migrate } from '../../db/migrate';
import { listMessages, storeMessage } from '../../db/messages';
import type { Assignment } from '../../routing/assignments';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { aConversation, anAgent, general } from '../support/fixtures';

let testDb: TestDatabase;
let db: Pool;
const notified: Assignment[] = [];
let activities: ReturnType<typeof createActivities>;

beforeAll(async () => {
  testDb = await createTestDatabase();
  db = testDb.db;
  activities = createActivities({ db, notifyAssignment: async (assignment) => void notified.push(assignment), customerData: createPostgresCustomerProvider(db) });
});
afterAll(() => testDb.drop());

const customerSays = async (conversationId: string, text: string) =>
  (await storeMessage(db, { conversationId, sender: 'customer', text, dedupeKey: `customer:${randomUUID()}` })).message;

describe('migrations', () => {
  it('apply nothing the second time', async () => {
    expect(await migrate(db)).toEqual([]);
  });
});

describe('storing messages', () => {
  it('stores one row per dedupe key, so a retried send is not doubled', async () => {
    const { id } = await aConversation(db);
    const first = await storeMessage(db, { conversationId: id, sender: 'customer', text: '你好', dedupeKey: 'customer:k1' });
    const again = await storeMessage(db, { conversationId: id, sender: 'customer', text: '你好', dedupeKey: 'customer:k1' });
    expect(first.created).toBe(true);
    expect(again).toEqual({ message: first.message, created: false });
    expect(await listMessages(db, id)).toHaveLength(1);
  });
});

describe('answerAsBot', () => {
  it.each([['转人工'], ['人工客服！'], ['ＨＵＭＡＮ　ＡＧＥＮＴ please'], ['I want a human agent'], ['can I talk to someone?']])(
    'recognises %s as a request for a person and stores no bot reply',
    async (text) => {
      const { id } = await aConversation(db);
      const message = await customerSays(id, text);
      const answer = await activities.answerAsBot({ conversationId: id, messageId: message.id, text, locale: null, stepKey: randomUUID() });
      expect(answer.escalation).toMatchObject({ trigger: 'keyword' });
      expect(answer.replies).toEqual([]);
    },
  );

  it.each([['不要转人工'], ["I don't need a human agent"], ['我的订单到哪了']])('does not escalate on %s', async (text) => {
    const { id } = await aConversation(db);
    const message = await customerSays(id, text);
    const answer = await activities.answerAsBot({ conversationId: id, messageId: message.id, text, locale: null, stepKey: randomUUID() });
    expect(answer.escalation).toBeNull();
  });

  it('answers in the language the customer wrote, with the handoff menu option, once per step', async () => {
    const { id } = await aConversation(db);
    const message = await customerSays(id, 'where is my parcel');
    const input = { conversationId: id, messageId: message.id, text: message.text, locale: null, stepKey: randomUUID() };
    const answer = await activities.answerAsBot(input);
    const retried = await activities.answerAsBot(input);
    expect(retried).toEqual(answer);
    expect(answer.replies[0]?.from).toBe('bot');
    expect(answer.replies[0]?.quickReplies?.at(-1)).toEqual({ action: 'handoff', label: 'Talk to a human' });
    expect(await listMessages(db, id)).toHaveLength(2);
  });
});

describe('whether the triggers treat the customer as a VIP', () => {
  // A bot that never understands: one fallback in a row is enough for a VIP (2 × 0.5), not for others.
  const puzzled: BotEngine = { name: 'puzzled', answer: async () => ({ text: null, confidence: 0 }) };
  const vipRecord = (customerId: string) => ({ id: customerId, account: { flags: ['VIP'] }, orders: [] });
  const turn = async (activitiesFor: ReturnType<typeof createActivities>, conversationId: string) => {
    const message = await customerSays(conversationId, 'qwzx blorf');
    return activitiesFor.answerAsBot({ conversationId, messageId: message.id, text: message.text, locale: 'en', stepKey: randomUUID() });
  };
  const withProvider = (customerData: CustomerDataProvider) => createActivities({ db, notifyAssignment: async () => undefined, customerData, bot: puzzled });
  /** A CRM that may not be asked during a bot turn, with the records it has at hand. */
  const crmWith = (atHand: Map<string, ReturnType<typeof vipRecord> | null>): CustomerDataProvider => ({
    source: 'crm',
    fetchProfile: async () => {
      throw new Error('a bot turn asked the CRM');
    },
    profileAtHand: async (customerId) => atHand.get(customerId),
  });

  it("takes the customer-data provider's word (the CRM when one is configured), not Baton's tables", async () => {
    const vip = await aConversation(db);
    const flaggedHere = await aConversation(db);
    await db.query(`update customers set flags = '{vip}' where id = $1`, [flaggedHere.customer.id]);
    const crm = crmWith(new Map([[vip.customer.id, vipRecord(vip.customer.id)], [flaggedHere.customer.id, null]]));
    expect((await turn(withProvider(crm), vip.id)).escalation).toMatchObject({ trigger: 'bot_fallbacks' });
    expect((await turn(withProvider(crm), flaggedHere.id)).escalation).toBeNull();
    // Not at hand: not counted as a VIP, and the CRM is not asked.
    expect((await turn(withProvider(crm), (await aConversation(db)).id)).escalation).toBeNull();
  });

  it("reads the vip flag in Baton's tables by default, and metadata.vip on the conversation", async () => {
    const flagged = await aConversation(db);
    await db.query(`update customers set flags = '{vip}' where id = $1`, [flagged.customer.id]);
    const postgres = createPostgresCustomerProvider(db);
    expect((await turn(withProvider(postgres), flagged.id)).escalation).toMatchObject({ trigger: 'bot_fallbacks' });
    const customerId = `customer-${randomUUID()}`;
    await addCustomerIfAbsent(db, { id: customerId, name: null, phone: null, email: null, locale: null, tier: null, since: null, flags: [] });
    const { conversation: saidSo } = await createConversation(db, {
      id: randomUUID(),
      customer: { id: customerId, name: null, phone: null, email: null, locale: null },
      channel: 'web',
      metadata: { vip: true },
      idempotencyKey: null,
      requestHash: null,
    });
    expect((await turn(withProvider(postgres), saidSo.id)).escalation).toMatchObject({ trigger: 'bot_fallbacks' });
    expect((await turn(withProvider(postgres), (await aConversation(db)).id)).escalation).toBeNull();
  });
});

describe('sendPrompt', () => {
  it.each([
    ['zh-CN', '正在为您转接人工客服，请稍候……'],
    ['zh-TW', '正在為您轉接人工客服，請稍候……'],
    ['en', 'Transferring you to a human agent, please wait…'],
  ] as const)('tells a %s customer they are being transferred', async (locale, text) => {
    const { id } = await aConversation(db, { locale });
    const message = await activities.sendPrompt({ conversationId: id, stepKey: randomUUID(), locale, prompt: { kind: 'transferring' } });
    expect(message).toMatchObject({ from: 'system', text });
  });

  it('gives the place in line and the wait in whole minutes', async () => {
    const { id } = await aConversation(db, { locale: 'zh-CN' });
    const prompt = { kind: 'queuePosition' as const, position: 3, estimatedWaitSeconds: 290 };
    const message = await activities.sendPrompt({ conversationId: id, stepKey: randomUUID(), locale: 'zh-CN', prompt });
    expect(message.text).toBe('您是第3位等待转接的用户，预计等待时间为5分钟。');
    const long = await activities.sendPrompt({ conversationId: id, stepKey: randomUUID(), locale: 'zh-CN', prompt: { ...prompt, estimatedWaitSeconds: 1500 } });
    expect(long.text).toBe('您是第3位等待转接的用户，预计等待时间约25分钟。');
  });

  it("follows the customer's language when no locale was given", async () => {
    const { id } = await aConversation(db);
    await customerSays(id, '請幫我轉人工');
    const message = await activities.sendPrompt({ conversationId: id, stepKey: randomUUID(), locale: null, prompt: { kind: 'closing', outcome: 'resolved' } });
    expect(message.text).toBe('本次服務已結束，感謝您的耐心。');
  });

  it("names the agent who joined", async () => {
    const { id } = await aConversation(db, { locale: 'en' });
    const agent = await anAgent(db, { name: 'Mei' });
    const message = await activities.sendPrompt({ conversationId: id, stepKey: randomUUID(), locale: 'en', prompt: { kind: 'agentJoined', agentId: agent.id } });
    expect(message.text).toBe('Mei from our support team has joined the conversation.');
  });
});

describe('transferContext', () => {
  it('stores a handoff brief with the whole transcript and the customer record', async () => {
    const conversation = await aConversation(db);
    await customerSays(conversation.id, '我的退款还没到账');
    await customerSays(conversation.id, '转人工');
    const escalation = { trigger: 'keyword' as const, messageId: null, evidence: '转人工', at: new Date().toISOString() };
    const requirement = await activities.transferContext({ conversationId: conversation.id, escalation, locale: null, profileGap: null });
    // 退款 is returns and refunds: the billing team, any level, widened to everyone after three minutes;
    // a refund that has not come is a complaint in the customer's mood, one step of priority.
    expect(requirement).toEqual({
      ...general({ language: 'zh', skill: 'billing' }),
      priority: 1,
      relax: [{ afterSeconds: 180, skill: 'general', minLevel: 1 }],
      why: 'rule 3 (category payments|returns_refunds)',
    });
    const stored = await db.query('select brief from handoff_briefs where conversation_id = $1', [conversation.id]);
    const brief = stored.rows[0].brief;
    expect(brief.transcript.map((m: { text: string }) => m.text)).toEqual(['我的退款还没到账', '转人工']);
    expect(brief.customer).toMatchObject({ id: conversation.customer.id, name: '测试顾客', phone: '+86 138 0000 0000' });
    expect(brief.escalation).toEqual(escalation);
  });
});

describe('recordState', () => {
  it('mirrors the public state and its times into the conversation record', async () => {
    const { id } = await aConversation(db);
    const at = '2026-11-24T09:00:00.000Z';
    await activities.recordState({ conversationId: id, state: 'queued', path: 'queued', escalation: null, agentId: null, outcome: null, at });
    expect(await getConversation(db, id)).toMatchObject({ state: 'queued', queuedAt: at });
  });
});

describe('releaseRouting', () => {
  it('frees the agent and hands the freed capacity to the next waiting conversation, telling its workflow', async () => {
    const skill = `skill-${randomUUID()}`;
    const agent = await anAgent(db, { skills: [{ name: skill, level: 3 }], capacity: 1 });
    const [holding, waiting] = [await aConversation(db), await aConversation(db)];
    expect(await activities.matchSkills({ conversationId: holding.id, requirement: general({ skill }), channel: 'web' })).toEqual({
      conversationId: holding.id,
      agentId: agent.id,
      accepted: true,
    });
    expect(await activities.matchSkills({ conversationId: waiting.id, requirement: general({ skill }), channel: 'web' })).toBeNull();
    const offered = await activities.releaseRouting({ conversationId: holding.id });
    expect(offered).toEqual([{ conversationId: waiting.id, agentId: agent.id, accepted: true }]);
    expect(notified).toContainEqual({ conversationId: waiting.id, agentId: agent.id, accepted: true });
  });
});
