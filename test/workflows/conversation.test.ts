import { randomUUID } from 'node:crypto';
import { WorkflowUpdateFailedError, type Client, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure, SearchAttributeType, TypedSearchAttributes } from '@temporalio/common';
import type { Pool } from 'pg';
import { getConversation } from '../../db/conversations';
import { listMessages, storeMessage } from '../../db/messages';
import { claimAgentFor, offerWaitingTo } from '../../routing/claims';
import type { conversationWorkflow } from '../../workflows/conversation';
import {
  agentAssignedSignal,
  conversationViewQuery,
  conversationWorkflowId,
  customerMessageUpdate,
  handoffUpdate,
  resolveUpdate,
  TRANSITION_REFUSED,
} from '../../workflows/definitions';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { aConversation, anAgent, general } from '../support/fixtures';
import { PATIENT_POLICY } from '../support/policies';
import { eventually, startTestWorker, type TestWorker } from '../support/temporal';

let testDb: TestDatabase;
let db: Pool;
let temporal: TestWorker;
let client: Client;

beforeAll(async () => {
  testDb = await createTestDatabase();
  db = testDb.db;
  temporal = await startTestWorker(db, { triggerPolicy: PATIENT_POLICY });
  client = temporal.client;
});
// Every test starts with nobody on duty; it puts on duty the agents it means to.
beforeEach(() => db.query(`update agents set status = 'offline'`));
afterAll(async () => {
  await temporal.stop();
  await testDb.drop();
});

async function startConversation(
  { recheckSeconds = 20, locale = null }: { recheckSeconds?: number; locale?: 'zh-CN' | 'en' | null } = {},
): Promise<{ id: string; handle: WorkflowHandle<typeof conversationWorkflow> }> {
  const conversation = await aConversation(db, { locale });
  const handle = await client.workflow.start<typeof conversationWorkflow>('conversationWorkflow', {
    workflowId: conversationWorkflowId(conversation.id),
    taskQueue: temporal.taskQueue,
    args: [{ conversation: { conversationId: conversation.id, channel: 'web', locale, waitPolicy: { reminderSeconds: 60, callbackOfferSeconds: 600 }, offerPolicy: { timeoutSeconds: 30, awayAfterMissed: 3 } }, settings: { queueRecheckSeconds: recheckSeconds } }],
  });
  return { id: conversation.id, handle };
}

async function say(id: string, handle: WorkflowHandle, text: string, key = randomUUID()) {
  const { message } = await storeMessage(db, { conversationId: id, sender: 'customer', text, dedupeKey: `customer:${key}` });
  return handle.executeUpdate(customerMessageUpdate, { args: [{ messageId: message.id, text }], updateId: `message-${message.id}` });
}

/** The HandoffState values the workflow published, in order, read from its history. */
async function publishedStates(handle: WorkflowHandle): Promise<string[]> {
  const states: string[] = [];
  const description = await handle.describe();
  const history = await client.workflow.getHandle(handle.workflowId, description.runId).fetchHistory();
  for (const event of history.events ?? []) {
    const fields = event.upsertWorkflowSearchAttributesEventAttributes?.searchAttributes?.indexedFields;
    const payload = fields?.HandoffState;
    if (payload?.data) states.push(JSON.parse(Buffer.from(payload.data).toString()));
  }
  // Each upsert carries the state with the step and deadlines; a new step in the same state repeats it.
  return states.filter((state, i) => state !== states[i - 1]);
}

describe('the conversation workflow', () => {
  it('answers a customer message through an update that returns the replies it caused', async () => {
    const { id, handle } = await startConversation();
    const reply = await say(id, handle, 'where is my order?');
    expect(reply.state).toBe('bot');
    expect(reply.replies).toEqual([expect.objectContaining({ from: 'bot', text: expect.stringContaining('human') })]);
    expect(await handle.query(conversationViewQuery)).toMatchObject({ state: 'bot', statePath: 'bot' });
  });

  it('goes bot → escalation_pending → queued → agent_assigned → resolved, publishing HandoffState at each step', async () => {
    const skillAgent = await anAgent(db, { status: 'away', name: '小李' });
    const { id, handle } = await startConversation({ locale: 'zh-CN' });
    const escalated = await say(id, handle, '转人工');
    expect(escalated.state).toBe('queued');
    expect(escalated.replies.map((m) => m.text)).toEqual([
      '正在为您转接人工客服，请稍候……',
      expect.stringMatching(/^您是第\d+位等待转接的用户/),
    ]);
    const queuedView = await handle.query(conversationViewQuery);
    expect(queuedView).toMatchObject({ state: 'queued', escalation: { trigger: 'keyword', evidence: '转人工' } });
    expect(queuedView.queue?.position).toBeGreaterThanOrEqual(1);

    // Operators find it by the search attribute (visibility is eventually consistent).
    await eventually(async () => {
      for await (const found of client.workflow.list({ query: `HandoffState="queued" AND WorkflowId="${handle.workflowId}"` })) {
        return found.workflowId;
      }
      return undefined;
    });

    await db.query(`update agents set status = 'available' where id = $1`, [skillAgent.id]);
    const [assignment] = await offerWaitingTo(db, skillAgent.id);
    expect(assignment?.conversationId).toBe(id);
    await handle.signal(agentAssignedSignal, { agentId: skillAgent.id });
    await eventually(async () => ((await handle.query(conversationViewQuery)).state === 'agent_assigned' ? true : undefined));

    const resolved = await handle.executeUpdate(resolveUpdate, { args: [{ agentId: skillAgent.id }] });
    expect(resolved.state).toBe('resolved');
    expect(await handle.result()).toMatchObject({ state: 'resolved', agentId: skillAgent.id });
    expect(await publishedStates(handle)).toEqual(['bot', 'escalation_pending', 'queued', 'agent_assigned', 'resolved']);
    expect(await getConversation(db, id)).toMatchObject({ state: 'resolved', agentId: skillAgent.id });
    const texts = (await listMessages(db, id)).map((m) => `${m.from}:${m.text}`);
    expect(texts).toContain('system:人工客服小李已加入对话，很高兴为您服务。');
    expect(texts.at(-1)).toBe('system:本次服务已结束，感谢您的耐心。');

    const description = await handle.describe();
    const attributes = description.typedSearchAttributes as TypedSearchAttributes;
    expect(attributes.get({ name: 'AssignedAgentId', type: SearchAttributeType.KEYWORD })).toBe(skillAgent.id);
    expect(attributes.get({ name: 'EscalationTrigger', type: SearchAttributeType.KEYWORD })).toBe('keyword');
  });

  it('refuses an event its state does not accept, with a TransitionRefused failure', async () => {
    const { handle } = await startConversation();
    const refused = handle.executeUpdate(resolveUpdate, { args: [{ agentId: 'someone' }] });
    await expect(refused).rejects.toBeInstanceOf(WorkflowUpdateFailedError);
    const error = (await refused.catch((e: unknown) => e)) as WorkflowUpdateFailedError;
    expect(error.cause).toBeInstanceOf(ApplicationFailure);
    expect((error.cause as ApplicationFailure).type).toBe(TRANSITION_REFUSED);
    expect((await handle.query(conversationViewQuery)).state).toBe('bot');
  });

  it('processes a customer message once, however often it is delivered', async () => {
    const { id, handle } = await startConversation();
    const { message } = await storeMessage(db, { conversationId: id, sender: 'customer', text: 'hello?', dedupeKey: 'customer:once' });
    const args = [{ messageId: message.id, text: message.text }] as [{ messageId: string; text: string }];
    const first = await handle.executeUpdate(customerMessageUpdate, { args, updateId: 'a' });
    const second = await handle.executeUpdate(customerMessageUpdate, { args, updateId: 'b' });
    expect(second).toEqual(first);
    expect((await listMessages(db, id)).filter((m) => m.from === 'bot')).toHaveLength(1);
  });

  it('finds an assignment whose signal was lost by rechecking the database', async () => {
    const agent = await anAgent(db, { status: 'away' });
    const { id, handle } = await startConversation({ recheckSeconds: 1 });
    expect((await handle.executeUpdate(handoffUpdate, { args: [{ trigger: 'menu', reason: null }] })).state).toBe('queued');
    // The database claim happens; the worker "dies" before the signal is sent.
    await db.query(`update agents set status = 'available' where id = $1`, [agent.id]);
    expect(await offerWaitingTo(db, agent.id)).toEqual([{ conversationId: id, agentId: agent.id, accepted: true }]);
    const view = await eventually(async () => {
      const current = await handle.query(conversationViewQuery);
      return current.state === 'agent_assigned' ? current : undefined;
    });
    expect(view.agentId).toBe(agent.id);
    // A late duplicate of the lost signal changes nothing.
    await handle.signal(agentAssignedSignal, { agentId: agent.id });
    expect(await claimAgentFor(db, { conversationId: id, requirement: general(), channel: 'web' })).toEqual({ conversationId: id, agentId: agent.id, accepted: true });
    expect((await handle.query(conversationViewQuery)).agentId).toBe(agent.id);
  });

  it('continues as new when Temporal suggests it, keeping its state and the messages it handled', async () => {
    const { id, handle } = await startConversation();
    const firstKey = randomUUID();
    const first = await say(id, handle, 'message 0', firstKey);
    for (let i = 1; i < 30; i += 1) await say(id, handle, `message ${i}`);
    const view = await eventually(async () => {
      const current = await handle.query(conversationViewQuery);
      return current.runs > 1 ? current : undefined;
    });
    expect(view.state).toBe('bot');
    // The first message, redelivered to the new run, is recognised and not answered again.
    expect(await say(id, handle, 'message 0', firstKey)).toEqual(first);
    const transcript = await listMessages(db, id);
    expect(transcript.filter((m) => m.from === 'customer')).toHaveLength(30);
    expect(transcript.filter((m) => m.from === 'bot')).toHaveLength(30);
    expect((await say(id, handle, '转人工')).state).toBe('queued');
  });
});
