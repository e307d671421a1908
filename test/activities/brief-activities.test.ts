import { randomUUID } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import type { Pool } from 'pg';
import { createActivities } from '../../activities';
import { MalformedCustomerData, CustomerDataUnavailable } from '../../customers/errors';
import { createPostgresCustomerProvider } from '../../customers/postgres-provider';
import type { CustomerDataProvider } from '../../customers/provider';
import { getBrief, getFetchedProfile } from '../../db/briefs';
import { createConversation } from '../../db/conversations';
import { storeMessage } from '../../db/messages';
import { seedDemoData } from '../../demo/seed';
import type { MessageSender } from '../../domain/conversation';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { longChineseRefundConversation } from '../support/transcripts';

let testDb: TestDatabase;
let db: Pool;

beforeAll(async () => {
  testDb = await createTestDatabase();
  db = testDb.db;
  await seedDemoData(db);
});
afterAll(() => testDb.drop());

const activitiesWith = (customerData: CustomerDataProvider) =>
  createActivities({ db, notifyAssignment: async () => undefined, customerData, clock: () => new Date('2026-11-24T09:00:00Z') });

async function conversationOf(customerId: string, turns: Array<[MessageSender, string]>) {
  const { conversation } = await createConversation(db, {
    id: randomUUID(),
    customer: { id: customerId, name: null, phone: null, email: null, locale: null },
    channel: 'app',
    metadata: {},
    idempotencyKey: null,
    requestHash: null,
  });
  for (const [sender, text] of turns) {
    await storeMessage(db, { conversationId: conversation.id, sender, text, dedupeKey: `${sender}:${randomUUID()}` });
  }
  return conversation;
}

describe('fetchCustomerProfile', () => {
  it("keeps the customer's account and orders with the conversation, and tells routing only whether they are a VIP", async () => {
    const conversation = await conversationOf('c-42', [['customer', '转人工']]);
    const summary = await activitiesWith(createPostgresCustomerProvider(db)).fetchCustomerProfile({ conversationId: conversation.id });
    expect(summary).toEqual({ found: true, vip: true });
    const fetched = await getFetchedProfile(db, conversation.id);
    expect(fetched).toMatchObject({ source: 'postgres', missing: [], profile: { name: '王小明', account: { tier: 'gold', flags: ['vip'] } } });
    expect(fetched?.profile?.orders.map((order) => order.id)).toEqual(['SO-20261118-0042', 'SO-20261020-0107']);
  });

  it('records that the CRM has no record of a customer it does not know', async () => {
    const conversation = await conversationOf(`walk-in-${randomUUID()}`, []);
    const crm = { source: 'crm', fetchProfile: async () => null, profileAtHand: async () => undefined };
    expect(await activitiesWith(crm).fetchCustomerProfile({ conversationId: conversation.id })).toEqual({ found: false, vip: false });
    expect((await getFetchedProfile(db, conversation.id))?.missing[0]).toMatch(/^crm: no record of customer walk-in-/);
  });

  it('fails for good on malformed data and for now on an unavailable CRM', async () => {
    const conversation = await conversationOf('c-1001', []);
    const malformed = { source: 'crm', fetchProfile: async () => { throw new MalformedCustomerData('CRM answered with malformed data at orders.0.amount'); }, profileAtHand: async () => undefined };
    const error = await activitiesWith(malformed).fetchCustomerProfile({ conversationId: conversation.id }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApplicationFailure);
    expect(error).toMatchObject({ nonRetryable: true, type: 'MalformedCustomerData' });
    const down = { source: 'crm', fetchProfile: async () => { throw new CustomerDataUnavailable('CRM did not answer within 2000 ms'); }, profileAtHand: async () => undefined };
    await expect(activitiesWith(down).fetchCustomerProfile({ conversationId: conversation.id })).rejects.toBeInstanceOf(CustomerDataUnavailable);
  });
});

describe('transferContext', () => {
  it('stores the full brief of a long Chinese conversation and asks for a higher priority for an angry VIP', async () => {
    const conversation = await conversationOf('c-42', longChineseRefundConversation(20));
    const activities = activitiesWith(createPostgresCustomerProvider(db));
    await activities.fetchCustomerProfile({ conversationId: conversation.id });
    const escalation = { trigger: 'keyword' as const, messageId: null, evidence: '转人工', at: '2026-11-24T08:59:00.000Z' };
    const requirement = await activities.transferContext({ conversationId: conversation.id, escalation, locale: null, profileGap: null });
    expect(requirement).toMatchObject({ skill: 'billing', language: 'zh' });
    expect(requirement.priority).toBeGreaterThanOrEqual(3);
    const brief = await getBrief(db, conversation.id);
    expect(brief).toMatchObject({
      locale: 'zh-CN',
      builtAt: '2026-11-24T09:00:00.000Z',
      customer: { name: '王小明', phone: '+86 138 0013 8000', source: 'postgres', account: { vip: true } },
      classification: { category: 'returns_refunds' },
      missing: [],
      escalation,
    });
    expect(brief?.transcript).toHaveLength(43);
    expect(brief?.knowledge.map((article) => article.id)).toContain('zh-refund-time');
  });

  it('goes ahead without the customer record, saying why', async () => {
    const conversation = await conversationOf('c-1001', [['customer', 'my refund has not arrived, human agent please']]);
    await activitiesWith(createPostgresCustomerProvider(db)).transferContext({
      conversationId: conversation.id,
      escalation: null,
      locale: null,
      profileGap: 'CRM did not answer within 2000 ms',
    });
    const brief = await getBrief(db, conversation.id);
    expect(brief?.missing).toEqual(['customer record: CRM did not answer within 2000 ms']);
    expect(brief?.customer.source).toBe('conversation');
    expect(brief?.locale).toBe('en');
  });
});
