import { randomUUID } from 'node:crypto';
import { startTestApi, type TestApi } from '../support/api';
import { eventually } from '../support/temporal';

let api: TestApi;

beforeAll(async () => {
  // The conversations' own rechecks and reminders are five minutes away: whatever happens within
  // this test's seconds is the worker's queue sweep, looking every second.
  api = await startTestApi({ queueRecheckSeconds: 300, waitPolicy: { reminderSeconds: 300, callbackOfferSeconds: 3600 }, worker: { queueSweepSeconds: 1 } });
});
afterAll(() => api.stop());

/** A busy agent on a channel of the test's own, and `count` customers queued for them, in order. */
async function line(channel: string, count: number) {
  const agentId = `agent-${randomUUID()}`;
  await api.call('POST', '/v1/agents', {
    body: { id: agentId, name: 'A', skills: [{ name: 'general', level: 1 }], capacity: 1, channels: [channel], status: 'available', autoAccept: false },
  });
  await api.testDb.db.query('update agents set load = 1 where id = $1', [agentId]);
  const ids: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const created = await api.call('POST', '/v1/conversations', { body: { customer: { id: `c-${randomUUID()}`, locale: 'en' }, channel } });
    const handoff = await api.call('POST', `/v1/conversations/${created.body.id}/handoff`, {});
    expect(handoff.body.state).toBe('queued');
    ids.push(created.body.id as string);
  }
  return { agentId, ids };
}

const systemTexts = async (id: string): Promise<string[]> =>
  (await api.call('GET', `/v1/conversations/${id}/messages`)).body.messages.filter((m: { from: string }) => m.from === 'system').map((m: { text: string }) => m.text);

describe("the worker's queue sweep", () => {
  it('tells the customers behind their new place when one ahead leaves, and nobody when nothing moves', async () => {
    const { ids } = await line('line', 3);
    const [first, second, third] = ids as [string, string, string];
    expect((await systemTexts(third)).filter((text) => text.includes('number 3'))).toHaveLength(1);
    // A few sweeps with nothing moving: nobody hears anything new.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const before = await Promise.all(ids.map(systemTexts));
    expect((await Promise.all(ids.map(systemTexts))).map((texts) => texts.length)).toEqual(before.map((texts) => texts.length));

    expect((await api.call('POST', `/v1/conversations/${first}/leave-queue`, { body: { choice: 'abandon' } })).body.state).toBe('resolved');
    await eventually(async () => ((await systemTexts(second)).some((text) => text.includes('number 1')) ? true : undefined), 10_000);
    await eventually(async () => ((await systemTexts(third)).some((text) => text.includes('number 2')) ? true : undefined), 10_000);
    expect((await api.call('GET', `/v1/conversations/${third}`)).body.queue).toMatchObject({ position: 2 });
  });

  it('offers the work to an agent who came free without the offer that should have followed', async () => {
    const { agentId, ids } = await line('messenger', 1);
    const [waiting] = ids as [string];
    // The slot frees in the database alone, as if the API died before it offered the work.
    await api.testDb.db.query('update agents set load = 0 where id = $1', [agentId]);
    await eventually(async () => {
      const seen = (await api.call('GET', `/v1/conversations/${waiting}`)).body;
      return seen.state === 'agent_assigned' && seen.assignment?.agentId === agentId ? true : undefined;
    }, 10_000);
  });

  it('repeats an assignment signal the workflow never got', async () => {
    const { agentId, ids } = await line('whatsapp', 1);
    const [waiting] = ids as [string];
    // The database gives the conversation the agent, and nobody tells the workflow.
    await api.testDb.db.query('update agents set load = 0 where id = $1', [agentId]);
    await api.testDb.db.query(
      `with claimed as (update agents set load = load + 1 where id = $2 returning id)
       insert into assignments (conversation_id, agent_id, skill, assigned_at) select $1, id, 'general', now() - interval '1 minute' from claimed`,
      [waiting, agentId],
    );
    await api.testDb.db.query('delete from queue_entries where conversation_id = $1', [waiting]);
    await eventually(async () => ((await api.call('GET', `/v1/conversations/${waiting}`)).body.state === 'agent_assigned' ? true : undefined), 10_000);
  });
});
