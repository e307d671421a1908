import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { conversationWorkflowId } from '../../workflows/definitions';
import { startTestApi, type TestApi } from '../support/api';
import { PATIENT_POLICY } from '../support/policies';

/**
 * What operators see in the Temporal UI: each conversation's static summary (its channel, no
 * customer data), current details that say where it stands in words, and the saved queries of the
 * README's "Finding stuck handoffs" that find each kind of stuck handoff, run here against the server.
 */
let api: TestApi;

beforeAll(async () => {
  api = await startTestApi({ worker: { triggerPolicy: PATIENT_POLICY }, offerPolicy: { timeoutSeconds: 600, awayAfterMissed: 3 } });
});
beforeEach(() => api.testDb.db.query(`update agents set status = 'offline'`));
afterAll(() => api.stop());

const iso = (ms: number) => new Date(ms).toISOString();

async function agent(capacity = 1) {
  const id = `agent-${randomUUID()}`;
  await api.call('POST', '/v1/agents', { body: { id, name: '小周', skills: [{ name: 'general', level: 2 }], capacity, status: 'available' } });
  return id;
}

async function conversation() {
  const created = await api.call('POST', '/v1/conversations', { body: { customer: { id: `c-${randomUUID()}`, name: '王小明', phone: '13800138000', locale: 'zh-CN' }, channel: 'web' } });
  return created.body.id as string;
}

/** The saved query, scoped to this run's workflows; eventually consistent, so asked until it answers or 10 s pass. */
async function found(query: string, id: string, expected = true): Promise<boolean> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const ids: string[] = [];
    for await (const execution of api.temporal.client.workflow.list({ query: `${query} AND TaskQueue = "${api.temporal.taskQueue}"` })) ids.push(execution.workflowId);
    const present = ids.includes(conversationWorkflowId(id));
    if (present === expected || Date.now() > deadline) return present;
    await sleep(250);
  }
}

async function currentDetails(id: string): Promise<string> {
  const metadata = (await api.temporal.client.workflow.getHandle(conversationWorkflowId(id)).query('__temporal_workflow_metadata')) as { currentDetails?: string };
  return metadata.currentDetails ?? '';
}

describe('the operator view in the Temporal UI', () => {
  it('lists each conversation by a summary without customer data, and says where it stands in words', async () => {
    const id = await conversation();
    const handle = api.temporal.client.workflow.getHandle(conversationWorkflowId(id));
    expect(await (await handle.describe()).staticSummary()).toBe('Conversation on web (zh-CN)');
    expect(await currentDetails(id)).toBe('with the bot on web');
    await api.call('POST', `/v1/conversations/${id}/handoff`, { body: { reason: '王小明 13800138000' } });
    const details = await currentDetails(id);
    expect(details).toMatch(/^queued on web since \d\d:\d\d UTC \(\d+ min\), place 1, no estimate: no agent who could take it is on duty; needs general ≥ \d+ \(zh\), priority \d+; trigger menu$/);
    expect(details).not.toMatch(/王小明|13800138000/);
    // Out of the way of the agents the next tests put on duty.
    expect((await api.call('POST', `/v1/conversations/${id}/resolve`, {})).status).toBe(200);
  });

  it('finds a queued conversation once it is past its estimate by the margin, and not before', async () => {
    const busy = await agent(1);
    const held = await conversation();
    expect(await api.call('POST', `/v1/conversations/${held}/takeover`, { body: { agentId: busy } })).toMatchObject({ status: 200 });
    const waiting = await conversation();
    const queued = await api.call('POST', `/v1/conversations/${waiting}/handoff`, {});
    expect(queued.body.state).toBe('queued');
    const standing = (await api.call('GET', `/v1/conversations/${waiting}`)).body.queue;
    expect(standing.estimatedWaitSeconds).toEqual(expect.any(Number));
    expect(await currentDetails(waiting)).toMatch(/^queued on web since .*, place 1, estimate \d+ min; needs general/);

    const overdue = 'HandoffState = "queued" AND ExpectedAssignmentBy < ';
    // Now it is not overdue; an hour past estimate plus margin, the same query finds it.
    expect(await found(`${overdue}"${iso(Date.now())}"`, waiting, false)).toBe(false);
    expect(await found(`${overdue}"${iso(Date.now() + (standing.estimatedWaitSeconds + 3600) * 1000)}"`, waiting)).toBe(true);

    // Once an agent has it, it is no longer a queued conversation waiting past anything.
    expect((await api.call('POST', `/v1/conversations/${held}/resolve`, {})).status).toBe(200);
    expect(await found(`${overdue}"${iso(Date.now() + 86_400_000)}"`, waiting, false)).toBe(false);
  });

  it('finds an offer left unanswered past its timeout, and not once it is accepted', async () => {
    const agentId = await agent(1);
    const id = await conversation();
    await api.call('POST', `/v1/conversations/${id}/handoff`, {});
    const deadline = Date.now() + 10_000;
    while ((await api.call('GET', `/v1/conversations/${id}`)).body.assignment?.status !== 'offered' && Date.now() < deadline) await sleep(100);
    expect(await currentDetails(id)).toMatch(new RegExp(`^offered to ${agentId}, answer due \\d\\d:\\d\\d UTC; needs general`));

    const unanswered = 'HandoffStep = "agent_assigned.offered" AND OfferExpiresAt < ';
    expect(await found(`${unanswered}"${iso(Date.now())}"`, id, false)).toBe(false);
    expect(await found(`${unanswered}"${iso(Date.now() + 601_000)}"`, id)).toBe(true);
    expect((await api.call('POST', `/v1/conversations/${id}/accept`, { body: { agentId } })).status).toBe(200);
    expect(await found(`${unanswered}"${iso(Date.now() + 601_000)}"`, id, false)).toBe(false);
    expect(await currentDetails(id)).toMatch(new RegExp(`^with agent ${agentId}; needs general`));
  });
});

describe('a failing workflow task', () => {
  it('is found by the reported-problems query', async () => {
    const workflowId = `conversation-broken-${randomUUID()}`;
    // A workflow type this worker does not have: every workflow task fails, as a bug in a deploy would make it.
    await api.temporal.client.workflow.start('noSuchWorkflow', { workflowId, taskQueue: api.temporal.taskQueue, args: [] });
    const query = `TemporalReportedProblems IN ("category=WorkflowTaskFailed", "category=WorkflowTaskTimedOut") AND ExecutionStatus = "Running" AND TaskQueue = "${api.temporal.taskQueue}"`;
    const deadline = Date.now() + 40_000;
    let ids: string[] = [];
    while (Date.now() < deadline) {
      ids = [];
      for await (const execution of api.temporal.client.workflow.list({ query })) ids.push(execution.workflowId);
      if (ids.includes(workflowId)) break;
      await sleep(500);
    }
    expect(ids).toContain(workflowId);
    await api.temporal.client.workflow.getHandle(workflowId).terminate('test over');
  }, 60_000);
});
