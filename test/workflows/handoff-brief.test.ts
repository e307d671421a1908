import { parseCodecKeys } from '../../config/codec-keys';
import { encryptionCodec } from '../../temporal/codec';
import { decodeHistoryPayloads } from '../support/history-payloads';
import { randomUUID } from 'node:crypto';
import type { WorkflowHandle } from '@temporalio/client';
import type { Pool } from 'pg';
import { createHttpCustomerProvider } from '../../customers/http-provider';
import { getBrief } from '../../db/briefs';
import { createConversation } from '../../db/conversations';
import { storeMessage } from '../../db/messages';
import type { conversationWorkflow } from '../../workflows/conversation';
import { conversationWorkflowId, customerMessageUpdate } from '../../workflows/definitions';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { crmProfile, json, slow, startFakeCrm } from '../support/fake-crm';
import { anAgent } from '../support/fixtures';
import { startTestWorker, testCodecKeys, type TestWorker } from '../support/temporal';

let testDb: TestDatabase;
let db: Pool;
let temporal: TestWorker;
let crm: Awaited<ReturnType<typeof startFakeCrm>>;

beforeAll(async () => {
  testDb = await createTestDatabase();
  db = testDb.db;
  crm = await startFakeCrm();
  const customerData = createHttpCustomerProvider({ baseUrl: crm.url, timeoutMs: 1_000, cacheSeconds: 0 });
  temporal = await startTestWorker(db, { customerData });
});
beforeEach(async () => {
  crm.requests.length = 0;
  await db.query(`update agents set status = 'offline'`);
});
afterAll(async () => {
  await temporal.stop();
  await crm.stop();
  await testDb.drop();
});

const PHONE = '+86 139 1234 5678';
const EMAIL = 'secret.person@example.cn';

async function escalate(customerId: string): Promise<{ id: string; handle: WorkflowHandle<typeof conversationWorkflow>; state: string }> {
  const { conversation } = await createConversation(db, {
    id: randomUUID(),
    customer: { id: customerId, name: '张三', phone: PHONE, email: EMAIL, locale: 'zh-CN' },
    channel: 'wechat',
    metadata: {},
    idempotencyKey: null,
    requestHash: null,
  });
  const handle = await temporal.client.workflow.start<typeof conversationWorkflow>('conversationWorkflow', {
    workflowId: conversationWorkflowId(conversation.id),
    taskQueue: temporal.taskQueue,
    args: [{ conversation: { conversationId: conversation.id, channel: 'wechat', locale: 'zh-CN', waitPolicy: { reminderSeconds: 60, callbackOfferSeconds: 600 }, offerPolicy: { timeoutSeconds: 30, awayAfterMissed: 3 } }, settings: { queueRecheckSeconds: 20 } }],
  });
  for (const text of ['我的快递一直没到', '转人工']) {
    const { message } = await storeMessage(db, { conversationId: conversation.id, sender: 'customer', text, dedupeKey: `customer:${randomUUID()}` });
    const reply = await handle.executeUpdate(customerMessageUpdate, { args: [{ messageId: message.id, text }] });
    if (text === '转人工') return { id: conversation.id, handle, state: reply.state };
  }
  throw new Error('unreachable');
}

/** Every string in a structure, with payload bytes decoded as UTF-8, so a search sees what Temporal stored. */
function decodedText(value: unknown, seen = new Set<unknown>()): string {
  if (value === null || value === undefined || seen.has(value)) return '';
  if (typeof value === 'string') return value;
  if (value instanceof Uint8Array) return Buffer.from(value).toString('utf8');
  if (typeof value !== 'object') return String(value);
  seen.add(value);
  const entries = value instanceof Map ? [...value.values()] : Object.values(value);
  return entries.map((entry) => decodedText(entry, seen)).join('\n');
}

describe('the handoff brief in the workflow', () => {
  it('hands off when the CRM times out, after three attempts, and the brief says what is missing', async () => {
    crm.behave(slow(5_000, json({})));
    const { id, state } = await escalate(`c-${randomUUID()}`);
    expect(state).toBe('queued');
    expect(crm.requests).toHaveLength(3);
    const brief = await getBrief(db, id);
    expect(brief?.missing).toEqual(['customer record: CRM did not answer within 1000 ms']);
    expect(brief?.customer).toMatchObject({ name: '张三', phone: PHONE, source: 'conversation' });
    expect(brief?.classification.category).toBe('shipping');
  });

  it('hands off when the CRM answers malformed data, asking once, and the brief reports it', async () => {
    crm.behave(json({ id: 'whoever', orders: 'none' }));
    const { id, state } = await escalate(`c-${randomUUID()}`);
    expect(state).toBe('queued');
    expect(crm.requests).toHaveLength(1);
    expect((await getBrief(db, id))?.missing).toEqual(['customer record: CRM answered with malformed data at orders: Invalid input: expected array, received string']);
  });

  it('completes the brief before any agent is offered the conversation', async () => {
    const customerId = `c-${randomUUID()}`;
    crm.behave(json(crmProfile(customerId)));
    const agent = await anAgent(db, { languages: ['zh'] });
    const { id, state } = await escalate(customerId);
    expect(state).toBe('agent_assigned');
    const order = await db.query<{ brief_at: Date; assigned_at: Date; agent_id: string }>(
      `select b.created_at as brief_at, a.assigned_at, a.agent_id
         from handoff_briefs b join assignments a on a.conversation_id = b.conversation_id where b.conversation_id = $1`,
      [id],
    );
    expect(order.rows[0]?.agent_id).toBe(agent.id);
    expect(order.rows[0]!.brief_at.getTime()).toBeLessThanOrEqual(order.rows[0]!.assigned_at.getTime());
    expect((await getBrief(db, id))?.customer).toMatchObject({ source: 'crm', account: { vip: true, tier: 'platinum' } });
  });

  it('keeps contact details out of workflow history and search attributes', async () => {
    const customerId = `c-${randomUUID()}`;
    crm.behave(json({ ...crmProfile(customerId), phone: PHONE, email: EMAIL }));
    const { handle } = await escalate(customerId);
    // Decoded with the run's keys, as an operator signed in for the codec reads it: what is in it at all.
    const codec = encryptionCodec(parseCodecKeys(testCodecKeys()));
    const history = decodedText(await decodeHistoryPayloads(await handle.fetchHistory(), codec));
    const description = decodedText(await decodeHistoryPayloads(await handle.describe(), codec));
    // The control: what the customer typed does travel through history, decoded like this.
    expect(history).toContain('我的快递一直没到');
    for (const secret of [PHONE, EMAIL, 'Ada Lovelace']) {
      expect(history).not.toContain(secret);
      expect(description).not.toContain(secret);
    }
  });
});
