import { randomUUID } from 'node:crypto';
import type { TriggerPolicy } from '../../bot/policy';
import { createRasaBot } from '../../bot/rasa-bot';
import { DEFAULT_ROUTING_POLICY } from '../../routing/requirements';
import { startTestApi, type TestApi } from '../support/api';
import { PATIENT_POLICY } from '../support/policies';
import { startRasaStandIn, type RasaStandIn } from '../support/standins/rasa';
import { eventually } from '../support/temporal';

/** A company that lets its Rasa bot decide when a person is needed: Baton's own request detection is off. */
const RASA_DECIDES: TriggerPolicy = { ...PATIENT_POLICY, humanRequest: { ...PATIENT_POLICY.humanRequest, enabled: false } };
const EVERY_TEAM = [...new Set([...DEFAULT_ROUTING_POLICY.rules.map((rule) => rule.skill), DEFAULT_ROUTING_POLICY.fallback.skill])];

let rasa: RasaStandIn;
let api: TestApi;

beforeAll(async () => {
  rasa = await startRasaStandIn();
  api = await startTestApi({ worker: { bot: createRasaBot({ url: rasa.url, handoffIntents: ['human_handoff'], timeoutMs: 2_000 }), triggerPolicy: RASA_DECIDES } });
});
// Every test starts with Rasa answering and nobody on duty; it puts on duty the agents it means to.
beforeEach(async () => {
  rasa.reset();
  await api.testDb.db.query(`update agents set status = 'offline'`);
});
afterAll(async () => {
  await api?.stop();
  await rasa?.stop();
});

const conversation = async (on: TestApi = api) =>
  (await on.call('POST', '/v1/conversations', { body: { customer: { id: `c-${randomUUID()}`, locale: 'en' }, channel: 'web' } })).body.id as string;
const say = (id: string, text: string, on: TestApi = api) => on.call('POST', `/v1/conversations/${id}/messages`, { body: { text } });
/** What Rasa heard from this conversation, in order. */
const heardFrom = (id: string) => rasa.received.filter((call) => call.sender === id).map((call) => call.message);

describe('a Rasa bot plugged into Baton', () => {
  it("answers with Rasa's reply, its buttons as quick replies before the way to a person, and follows a chosen button", async () => {
    const id = await conversation();
    const turn = await say(id, 'I want to return my shoes');
    expect(turn.body).toMatchObject({ state: 'bot', replies: [{ from: 'bot', text: 'Do you want to return an item, or ask about a refund?' }] });
    expect(turn.body.replies[0].quickReplies).toEqual([
      { action: 'message', label: 'Return an item', text: '/return_item' },
      { action: 'message', label: 'Refund status', text: '/refund_status{"order":"A-1"}' },
      { action: 'handoff', label: 'Talk to a human' },
    ]);
    expect(rasa.received.at(-1)).toEqual({ sender: id, message: 'I want to return my shoes', metadata: { locale: 'en', messageId: turn.body.messageId } });

    // The widget sends the chosen button's text as the customer's message: Rasa gets its payload.
    const chosen = await say(id, turn.body.replies[0].quickReplies[0].text);
    expect(chosen.body.replies[0].text).toBe('Print the return label from your order page and drop the parcel at any post office.');
    expect(heardFrom(id)).toEqual(['I want to return my shoes', '/return_item']);
  });

  it('joins several bubbles into one reply', async () => {
    const id = await conversation();
    expect((await say(id, 'hello')).body.replies.map((m: { text: string }) => m.text)).toEqual(["Hello! I'm Rasa, the shop's assistant.\n\nHow can I help?"]);
  });

  it("says Baton's did-not-understand, with its choices, when Rasa has nothing to say", async () => {
    const id = await conversation();
    const turn = await say(id, 'blorp fizzle wobble');
    expect(turn.body).toMatchObject({ state: 'bot', replies: [{ text: expect.stringMatching(/^Sorry, I didn't quite get that/) }] });
  });

  it('hands over when Rasa answers a custom handoff, and Rasa hears nothing while the customer waits or an agent holds the conversation', async () => {
    const id = await conversation();
    expect((await say(id, 'hello')).body.state).toBe('bot');
    const handoff = await say(id, 'agent please');
    expect(handoff.body.state).toBe('queued');
    expect((await api.call('GET', `/v1/conversations/${id}`)).body.escalation).toMatchObject({ trigger: 'bot_decision', evidence: 'rasa asked for a person', messageId: handoff.body.messageId });

    expect((await say(id, 'hello? is anyone there?')).body.state).toBe('queued');
    expect((await say(id, 'I want to return my shoes')).body.state).toBe('queued');

    const agentId = `agent-${randomUUID()}`;
    await api.call('POST', '/v1/agents', {
      body: { id: agentId, name: 'Mei', skills: EVERY_TEAM.map((name) => ({ name, level: 3 })), capacity: 3, status: 'available', autoAccept: true },
    });
    await eventually(async () => ((await api.call('GET', `/v1/conversations/${id}`)).body.assignment?.status === 'active' ? true : undefined));
    await api.call('POST', `/v1/conversations/${id}/agent-messages`, { body: { agentId, text: 'Hi, Mei here. Which order is it?' } });
    const held = await say(id, 'hello Mei, order A-1');
    expect(held.body).toMatchObject({ state: 'agent_assigned', replies: [] });
    expect((await say(id, 'agent please')).body).toMatchObject({ state: 'agent_assigned', replies: [] });

    expect(heardFrom(id)).toEqual(['hello', 'agent please']);
  });

  it('hands over when Rasa reads a handoff intent in the message', async () => {
    const id = await conversation();
    expect((await say(id, 'I want a human')).body.state).toBe('queued');
    expect((await api.call('GET', `/v1/conversations/${id}`)).body.escalation).toMatchObject({ trigger: 'bot_decision' });
    expect(heardFrom(id)).toEqual(['I want a human']);
  });

  it('escalates, after retrying, when Rasa fails', async () => {
    rasa.set({ webhook: 503 });
    const id = await conversation();
    expect((await say(id, 'hello')).body.state).toBe('queued');
    expect((await api.call('GET', `/v1/conversations/${id}`)).body.escalation).toMatchObject({
      trigger: 'bot_unavailable',
      evidence: 'Rasa answered HTTP 503 on /webhooks/rest/webhook',
    });
    expect(heardFrom(id)).toEqual(['hello', 'hello', 'hello']);
  });
});

describe('a Rasa bot under the default trigger policy', () => {
  it("lets Baton's own request detection go first: an explicit request for a person is handed over before Rasa hears it", async () => {
    const defaults = await startTestApi({ worker: { bot: createRasaBot({ url: rasa.url, handoffIntents: ['human_handoff'], timeoutMs: 2_000 }) } });
    try {
      const id = await conversation(defaults);
      expect((await say(id, 'hello', defaults)).body.replies[0].text).toMatch(/^Hello! I'm Rasa/);
      expect((await say(id, 'agent please', defaults)).body.state).toBe('queued');
      expect((await defaults.call('GET', `/v1/conversations/${id}`)).body.escalation).toMatchObject({ trigger: 'keyword', evidence: 'agent' });
      expect(heardFrom(id)).toEqual(['hello']);
    } finally {
      await defaults.stop();
    }
  });
});
