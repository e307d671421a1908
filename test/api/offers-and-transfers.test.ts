import { randomUUID } from 'node:crypto';
import { SearchAttributeType, type TypedSearchAttributes } from '@temporalio/common';
import { routingPolicySchema } from '../../routing/requirements';
import { conversationWorkflowId } from '../../workflows/definitions';
import { startTestApi, type TestApi } from '../support/api';
import { PATIENT_POLICY } from '../support/policies';
import { readEvents } from '../support/sse';
import { eventually } from '../support/temporal';

/**
 * Offers, declines, timeouts, transfers and relaxation, through the real API, worker, Temporal
 * and Postgres. Offers run out after 2 s here (30 s by default), and two missed in a row set an
 * agent away.
 */
let api: TestApi;

beforeAll(async () => {
  api = await startTestApi({ queueRecheckSeconds: 1, offerPolicy: { timeoutSeconds: 2, awayAfterMissed: 2 }, worker: { triggerPolicy: PATIENT_POLICY } });
});
// Every test starts with nobody on duty; it puts on duty the agents it means to.
beforeEach(() => api.testDb.db.query(`update agents set status = 'offline'`));
afterAll(() => api.stop());

// Each test works on its own channel, so conversations another test left waiting never compete.
const CHANNELS = ['web', 'app', 'sms', 'email', 'whatsapp', 'messenger', 'line', 'telegram', 'wechat', 'phone'];
let tests = 0;
let channel = 'web';
beforeEach(() => {
  channel = CHANNELS[tests++ % CHANNELS.length]!;
});

async function agent(name: string, overrides: Record<string, unknown> = {}) {
  const id = `agent-${randomUUID()}`;
  const created = await api.call('POST', '/v1/agents', { body: { id, name, skills: [{ name: 'general', level: 3 }], capacity: 2, status: 'available', channels: [channel], ...overrides } });
  expect(created.status).toBe(201);
  return id;
}
async function escalated(locale = 'zh-CN') {
  const id = (await api.call('POST', '/v1/conversations', { body: { customer: { id: `c-${randomUUID()}`, locale }, channel } })).body.id as string;
  const handoff = await api.call('POST', `/v1/conversations/${id}/handoff`, {});
  expect(handoff.status).toBe(200);
  return id;
}
const record = async (id: string) => (await api.call('GET', `/v1/conversations/${id}`)).body;
const texts = (reply: { body: { replies: Array<{ text: string }> } }) => reply.body.replies.map((m) => m.text);
/** Waits until the conversation is offered to this agent. */
const offeredTo = (id: string, agentId: string) =>
  eventually(async () => {
    const current = await record(id);
    return current.assignment?.agentId === agentId && current.assignment.status === 'offered' && current.assignment.offerExpiresAt ? current : undefined;
  });

describe('offers', () => {
  it('goes to the next best agent when an offer runs out or is declined, never back to them, then waits', async () => {
    const senior = await agent('老陈', { skills: [{ name: 'general', level: 5 }] });
    const junior = await agent('小林', { skills: [{ name: 'general', level: 1 }] });
    const id = await escalated();
    const first = await offeredTo(id, senior);
    expect(first).toMatchObject({ state: 'agent_assigned', assignment: { reason: { how: 'best_score', skillLevel: 5 } } });
    expect(Date.parse(first.assignment.offerExpiresAt) - Date.parse(first.assignment.assignedAt)).toBeGreaterThan(1500);

    // No answer in 2 s is a decline: the junior agent is offered it, and the senior's slot is free again.
    await offeredTo(id, junior);
    // Operators filtering by agent in the Temporal UI see the agent it is offered to now. The offer is
    // written by a local step inside the workflow task that also sets the search attribute, so the
    // offer can be read a moment before the task completes: wait for it.
    const handle = api.temporal.client.workflow.getHandle(conversationWorkflowId(id));
    const assignedAgent = async () =>
      ((await handle.describe()).typedSearchAttributes as TypedSearchAttributes).get({ name: 'AssignedAgentId', type: SearchAttributeType.KEYWORD });
    expect(await eventually(async () => ((await assignedAgent()) === junior ? junior : undefined))).toBe(junior);
    expect((await api.call('GET', `/v1/agents/${senior}`)).body).toMatchObject({ load: 0, missedOffers: 1, status: 'available' });
    // Too late to accept now.
    expect(await api.call('POST', `/v1/conversations/${id}/accept`, { body: { agentId: senior } })).toMatchObject({ status: 409 });

    // The junior declines: nobody fitting is left who has not refused it, so it waits in the queue.
    const declined = await api.call('POST', `/v1/conversations/${id}/decline`, { body: { agentId: junior } });
    expect(declined).toMatchObject({ status: 200, body: { state: 'queued' } });
    expect(texts(declined)).toEqual([expect.stringMatching(/^您是第1位/)]);
    expect((await api.call('GET', `/v1/agents/${junior}/conversations`)).body.conversations).toEqual([]);
    expect((await record(id)).queue).toMatchObject({ position: 1 });

    // Someone new comes on duty and takes it; the customer hears who joined.
    const fresh = await agent('小吴');
    await offeredTo(id, fresh);
    const accepted = await api.call('POST', `/v1/conversations/${id}/accept`, { body: { agentId: fresh } });
    expect(texts(accepted)).toEqual(['人工客服小吴已加入对话，很高兴为您服务。']);
    const changes = await api.testDb.db.query('select path, agent_id from state_changes where conversation_id = $1 order by id', [id]);
    expect(changes.rows.map((row) => `${row.path}${row.agent_id ? ` ${row.agent_id}` : ''}`)).toEqual([
      'escalation_pending.looking_up_customer',
      `agent_assigned.offered ${senior}`,
      `agent_assigned.offered ${junior}`,
      'queued',
      `agent_assigned.offered ${fresh}`,
      `agent_assigned.active ${fresh}`,
    ]);
  }, 30_000);

  it('sets away an agent who lets offers run out twice in a row', async () => {
    const absent = await agent('小赵', { capacity: 1 });
    const first = await escalated('en');
    await offeredTo(first, absent);
    await eventually(async () => ((await record(first)).state === 'queued' ? true : undefined));
    const second = await escalated('en');
    // The first waits again, never to be offered to the agent who let it run out; the second is
    // offered to them instead, and runs out too.
    await offeredTo(second, absent);
    await eventually(async () => ((await api.call('GET', `/v1/agents/${absent}`)).body.status === 'away' ? true : undefined));
    expect((await api.call('GET', `/v1/agents/${absent}`)).body).toMatchObject({ status: 'away', load: 0 });
    // The agent is set away inside the withdrawal; the workflow records the second as queued only after it.
    const requeued = await eventually(async () => {
      const current = await record(second);
      return current.state === 'queued' ? current : undefined;
    });
    expect(requeued.state).toBe('queued');
  }, 30_000);

  it('takes an answer given as soon as the offer is on the desk, before the workflow heard of it', async () => {
    const id = await escalated();
    expect((await record(id)).state).toBe('queued');
    const agentId = `agent-${randomUUID()}`;
    await api.call('POST', '/v1/agents', { body: { id: agentId, name: '小郑', skills: [{ name: 'general', level: 3 }], capacity: 1, channels: [channel] } });
    const key = (await api.call('POST', '/v1/keys', { body: { role: 'agent', agentId } })).body.key;
    const onDuty = await api.call('PUT', `/v1/agents/${agentId}/status`, { body: { status: 'available' } });
    expect(onDuty.body.assigned).toEqual([id]);
    // With the agent's own key, as their desk would.
    const accepted = await api.call('POST', `/v1/conversations/${id}/accept`, { auth: `Bearer ${key}`, body: {} });
    expect(accepted).toMatchObject({ status: 200, body: { state: 'agent_assigned' } });
    expect(texts(accepted)).toContain('人工客服小郑已加入对话，很高兴为您服务。');
  });

  it("streams the agent's desk: the offer with the brief's summary, its withdrawal, the next offer accepted", async () => {
    const agentId = await agent('小冯', { capacity: 1 });
    let streaming = false;
    const feed = readEvents(api, `/v1/agents/${agentId}/events`, (events) => {
      streaming ||= events.length > 0;
      return events.filter((e) => e.event === 'assigned').length === 1;
    });
    // The stream first describes the desk as it is when it opens: open it before anything is offered.
    await eventually(async () => (streaming ? true : undefined));
    const first = await escalated();
    await offeredTo(first, agentId);
    expect(await api.call('POST', `/v1/conversations/${first}/decline`, { body: { agentId } })).toMatchObject({ status: 200 });
    const second = await escalated();
    await offeredTo(second, agentId);
    await api.call('POST', `/v1/conversations/${second}/accept`, { body: { agentId } });
    const events = await feed;
    // The desk as it was first (`agent` again whenever the load changes), then every offer and answer.
    expect(events[0]).toMatchObject({ event: 'agent', data: { status: 'available', load: 0, capacity: 1 } });
    const desk = events.filter((e) => e.event !== 'agent');
    expect(desk.map((e) => `${e.event} ${e.data.conversationId === first ? 'first' : 'second'}`)).toEqual([
      'offer first',
      'withdrawn first',
      'offer second',
      'assigned second',
    ]);
    expect(desk[0]!.data).toMatchObject({ offerExpiresAt: expect.any(String), summary: expect.any(String), category: 'general' });
    expect(desk[1]!.data).toMatchObject({ reason: 'declined' });
    // Another agent's key may not read this desk.
    const other = await agent('小褚');
    const key = (await api.call('POST', '/v1/keys', { body: { role: 'agent', agentId: other } })).body.key;
    expect(await api.call('GET', `/v1/agents/${agentId}/events`, { auth: `Bearer ${key}` })).toMatchObject({ status: 403 });
  });

  it('passes the open offers of an agent who steps away to the next best agent at once', async () => {
    const leaving = await agent('小蒋', { skills: [{ name: 'general', level: 5 }] });
    const staying = await agent('小沈', { skills: [{ name: 'general', level: 1 }] });
    const id = await escalated();
    await offeredTo(id, leaving);
    const away = await api.call('PUT', `/v1/agents/${leaving}/status`, { body: { status: 'away' } });
    expect(away.body).toMatchObject({ status: 'away', load: 0, passed: [id] });
    expect(await record(id)).toMatchObject({ assignment: { agentId: staying, status: 'offered' } });
  });

  it('lets the customer leave while the offer is still unanswered, freeing the agent', async () => {
    const offered = await agent('小韩', { capacity: 1 });
    const id = await escalated();
    await offeredTo(id, offered);
    const left = await api.call('POST', `/v1/conversations/${id}/leave-queue`, { body: { choice: 'abandon' } });
    expect(left).toMatchObject({ status: 200, body: { state: 'resolved' } });
    expect(await record(id)).toMatchObject({ state: 'resolved', outcome: 'abandoned' });
    expect((await api.call('GET', `/v1/agents/${offered}`)).body.load).toBe(0);
    // Once an agent accepted, the customer is no longer waiting: leaving the queue is refused.
    const next = await escalated();
    await offeredTo(next, offered);
    await api.call('POST', `/v1/conversations/${next}/accept`, { body: { agentId: offered } });
    expect(await api.call('POST', `/v1/conversations/${next}/leave-queue`, { body: { choice: 'abandon' } })).toMatchObject({ status: 409 });
  });

  it('lets an agent answer only their own offers, and names the field when nobody can', async () => {
    const offered = await agent('小孙');
    const id = await escalated();
    await offeredTo(id, offered);
    const other = await agent('小钱');
    const key = (await api.call('POST', '/v1/keys', { body: { role: 'agent', agentId: other } })).body.key;
    expect(await api.call('POST', `/v1/conversations/${id}/accept`, { auth: `Bearer ${key}`, body: {} })).toMatchObject({ status: 403 });
    expect(await api.call('POST', `/v1/conversations/${id}/accept`, { body: { agentId: 'no such agent!' } })).toMatchObject({ status: 400, body: { error: { field: 'agentId' } } });
    const own = (await api.call('POST', '/v1/keys', { body: { role: 'agent', agentId: offered } })).body.key;
    expect(await api.call('POST', `/v1/conversations/${id}/accept`, { auth: `Bearer ${own}`, body: {} })).toMatchObject({ status: 200, body: { state: 'agent_assigned' } });
  });
});

describe('transfers', () => {
  it('sends the conversation back to the queue for another skill, with the note, telling the customer', async () => {
    const first = await agent('小周', { autoAccept: true });
    const id = await escalated();
    await eventually(async () => ((await record(id)).assignment?.agentId === first ? true : undefined));
    const transfer = await api.call('POST', `/v1/conversations/${id}/transfer`, { body: { agentId: first, skill: 'billing', minLevel: 2, note: '需要财务核对退款' } });
    expect(transfer).toMatchObject({ status: 200, body: { state: 'queued' } });
    expect(texts(transfer)).toEqual([
      '为了更好地解决您的问题，正在为您转接另一位客服，对话记录会一并转交，您无需重复说明。',
      expect.stringMatching(/^您是第1位/),
    ]);
    expect((await api.call('GET', `/v1/agents/${first}`)).body.load).toBe(0);
    // A general agent cannot take it now; a billing agent at level 2 can, and sees the brief and the note.
    await agent('小李');
    const billing = await agent('小财', { skills: [{ name: 'billing', level: 2 }] });
    await offeredTo(id, billing);
    const desk = await api.call('GET', `/v1/agents/${billing}/conversations`);
    expect(desk.body.conversations).toMatchObject([
      { conversationId: id, status: 'offered', brief: { conversationId: id }, transfers: [{ fromAgentId: first, toSkill: 'billing', note: '需要财务核对退款' }] },
    ]);
    const brief = await api.call('GET', `/v1/conversations/${id}/brief`, { headers: { Accept: 'text/plain' } });
    expect(brief.body).toContain('【转接记录】');
    expect(brief.body).toContain('需要财务核对退款');
  }, 30_000);

  it('hands over to a named colleague, or refuses with 409 and changes nothing', async () => {
    const first = await agent('Ann', { autoAccept: true });
    const id = await escalated('en');
    await eventually(async () => ((await record(id)).assignment?.agentId === first ? true : undefined));
    const busy = await agent('Bo', { status: 'away' });
    const refused = await api.call('POST', `/v1/conversations/${id}/transfer`, { body: { agentId: first, toAgentId: busy } });
    expect(refused).toMatchObject({ status: 409, body: { error: { message: expect.stringContaining('not available') } } });
    expect((await record(id)).assignment).toMatchObject({ agentId: first, status: 'active' });
    expect(await api.call('POST', `/v1/conversations/${id}/transfer`, { body: { agentId: first, toAgentId: `agent-${randomUUID()}` } })).toMatchObject({ status: 404 });
    expect(await api.call('POST', `/v1/conversations/${id}/transfer`, { body: { agentId: first } })).toMatchObject({ status: 400, body: { error: { field: 'toAgentId' } } });
    expect(await api.call('POST', `/v1/conversations/${id}/transfer`, { body: { agentId: first, toAgentId: busy, skill: 'x' } })).toMatchObject({ status: 400 });

    const colleague = await agent('Cy', { autoAccept: true });
    const moved = await api.call('POST', `/v1/conversations/${id}/transfer`, { body: { agentId: first, toAgentId: colleague, note: 'VIP, wants a refund' } });
    expect(moved).toMatchObject({ status: 200, body: { state: 'agent_assigned' } });
    expect(texts(moved)).toEqual([
      "To help you best, we are passing you to a colleague. They will see everything so far, so you won't need to repeat yourself.",
      'Cy from our support team has joined the conversation.',
    ]);
    expect(await record(id)).toMatchObject({ agentId: colleague, assignment: { status: 'active', reason: { how: 'transferred', from: first } } });
    // The first agent no longer holds it.
    expect(await api.call('POST', `/v1/conversations/${id}/agent-messages`, { body: { agentId: first, text: 'still here?' } })).toMatchObject({ status: 409 });
    expect(await api.call('POST', `/v1/conversations/${id}/agent-messages`, { body: { agentId: colleague, text: 'Hello, I am Cy.' } })).toMatchObject({ status: 200 });
  }, 30_000);
});

describe('relaxing the requirement while nobody fitting is free', () => {
  let relaxing: TestApi;
  beforeAll(async () => {
    relaxing = await startTestApi({
      queueRecheckSeconds: 1,
      worker: {
        triggerPolicy: PATIENT_POLICY,
        routingPolicy: routingPolicySchema.parse({
          rules: [{ skill: 'specialists', minLevel: 4, relax: [{ afterSeconds: 2, minLevel: 2 }, { afterSeconds: 4, skill: 'general', minLevel: 1 }] }],
          fallback: { skill: 'general' },
        }),
      },
    });
  });
  afterAll(() => relaxing.stop());

  it('lowers the level, then opens to the backup skill, and says why in the assignment', async () => {
    // A level-4 specialist is on duty, only away for a moment: each step is waited out, not skipped.
    await relaxing.call('POST', '/v1/agents', { body: { id: 'spec-4', name: 'Senior', skills: [{ name: 'specialists', level: 4 }], capacity: 1, status: 'away' } });
    await relaxing.call('POST', '/v1/agents', { body: { id: 'spec-2', name: 'Spec', skills: [{ name: 'specialists', level: 2 }], capacity: 1, status: 'available', autoAccept: true } });
    const id = (await relaxing.call('POST', '/v1/conversations', { body: { customer: { id: `c-${randomUUID()}` }, channel: 'web' } })).body.id;
    expect((await relaxing.call('POST', `/v1/conversations/${id}/handoff`, {})).body.state).toBe('queued');
    const served = await eventually(async () => {
      const current = (await relaxing.call('GET', `/v1/conversations/${id}`)).body;
      return current.state === 'agent_assigned' ? current : undefined;
    });
    expect(served.assignment).toMatchObject({ agentId: 'spec-2', reason: { skill: 'specialists', requirement: 'rule 1 (always); relaxed to specialists ≥ 2 after 2 s' } });
    const waited = Date.parse(served.assignment.assignedAt) - Date.parse(served.queuedAt ?? served.escalatedAt);
    expect(waited).toBeGreaterThanOrEqual(1500);

    // Nobody with the skill at all: after 4 s any general agent may take it.
    const other = (await relaxing.call('POST', '/v1/conversations', { body: { customer: { id: `c-${randomUUID()}` }, channel: 'web' } })).body.id;
    await relaxing.call('POST', '/v1/agents', { body: { id: 'gen-1', name: 'Gen', skills: [{ name: 'general', level: 1 }], capacity: 1, status: 'available', autoAccept: true } });
    await relaxing.call('POST', `/v1/conversations/${other}/handoff`, {});
    const widened = await eventually(async () => {
      const current = (await relaxing.call('GET', `/v1/conversations/${other}`)).body;
      return current.state === 'agent_assigned' ? current : undefined;
    });
    expect(widened.assignment).toMatchObject({ agentId: 'gen-1', reason: { skill: 'general' } });
  }, 30_000);
});

describe('a routing step that nobody on duty could meet', () => {
  let skipping: TestApi;
  beforeAll(async () => {
    skipping = await startTestApi({
      queueRecheckSeconds: 1,
      worker: {
        triggerPolicy: PATIENT_POLICY,
        routingPolicy: routingPolicySchema.parse({
          rules: [{ skill: 'orders', minLevel: 1, relax: [{ afterSeconds: 600, skill: 'general', minLevel: 1 }] }],
          fallback: { skill: 'general' },
        }),
      },
    });
  });
  afterAll(() => skipping.stop());

  const handOver = async () => {
    const id = (await skipping.call('POST', '/v1/conversations', { body: { customer: { id: `c-${randomUUID()}` }, channel: 'web' } })).body.id;
    await skipping.call('POST', `/v1/conversations/${id}/handoff`, {});
    return id as string;
  };

  it('is skipped at once, and the skip is recorded in the assignment', async () => {
    await skipping.call('POST', '/v1/agents', { body: { id: 'gen-only', name: 'Gen', skills: [{ name: 'general', level: 2 }], capacity: 2, status: 'available', autoAccept: true } });
    const id = await handOver();
    const served = await eventually(async () => {
      const current = (await skipping.call('GET', `/v1/conversations/${id}`)).body;
      return current.state === 'agent_assigned' ? current : undefined;
    }, 5_000);
    expect(served.assignment).toMatchObject({
      agentId: 'gen-only',
      reason: { skill: 'general', requirement: 'rule 1 (always); nobody on duty has orders ≥ 1: relaxed to general ≥ 1 at once' },
    });
  }, 30_000);

  it('is waited on while someone on duty has the skill, though away for now', async () => {
    await skipping.call('POST', '/v1/agents', { body: { id: 'orders-away', name: 'Ord', skills: [{ name: 'orders', level: 1 }], capacity: 1, status: 'away' } });
    const id = await handOver();
    // Rechecked every second: three rechecks later it still waits for the orders agent.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect((await skipping.call('GET', `/v1/conversations/${id}`)).body).toMatchObject({ state: 'queued' });
    // Once the orders agent goes offline, nobody on duty could take it: the next recheck skips the step.
    await skipping.call('PUT', '/v1/agents/orders-away/status', { body: { status: 'offline' } });
    const served = await eventually(async () => {
      const current = (await skipping.call('GET', `/v1/conversations/${id}`)).body;
      return current.state === 'agent_assigned' ? current : undefined;
    }, 10_000);
    expect(served.assignment).toMatchObject({ agentId: 'gen-only', reason: { requirement: 'rule 1 (always); nobody on duty has orders ≥ 1: relaxed to general ≥ 1 at once' } });
  }, 30_000);
});
