import { randomUUID } from 'node:crypto';
import { DEFAULT_TRIGGER_POLICY } from '../../bot/policy';
import { startTestApi, type TestApi } from '../support/api';
import { eventually } from '../support/temporal';
import { PATIENT_POLICY } from '../support/policies';

let api: TestApi;

beforeAll(async () => {
  api = await startTestApi({ worker: { triggerPolicy: PATIENT_POLICY }, waitPolicy: { reminderSeconds: 600, callbackOfferSeconds: 3600 } });
});
afterAll(() => api.stop());

/** A customer who complains (a complaint hands over at once); nobody is on duty, so they wait. */
async function complainingCustomer(): Promise<string> {
  const id = (await api.call('POST', '/v1/conversations', { body: { customer: { id: `c-${randomUUID()}`, locale: 'zh-CN' }, channel: 'web' } })).body.id;
  const said = await api.call('POST', `/v1/conversations/${id}/messages`, { body: { text: '我要投诉，快递三天了还没送到' } });
  expect(said.body.state).toBe('queued');
  return id;
}

const positionOf = async (id: string) => (await api.call('GET', `/v1/conversations/${id}`)).body.queue?.position as number | undefined;
const textsOf = async (id: string) => ((await api.call('GET', `/v1/conversations/${id}/messages`)).body.messages as Array<{ from: string; text: string }>);

describe('waiting-room triage', () => {
  it('moves a customer who threatens legal action ahead, records why in the brief, and tells the customer overtaken', async () => {
    const first = await complainingCustomer();
    const second = await complainingCustomer();
    expect([await positionOf(first), await positionOf(second)]).toEqual([1, 2]);

    const threat = await api.call('POST', `/v1/conversations/${second}/messages`, { body: { text: '再不处理我就去消协投诉你们' } });
    expect(threat.body.state).toBe('queued');
    // The bot says nothing once the handoff began; the customer hears their new place.
    expect(threat.body.replies.map((m: { from: string }) => m.from)).not.toContain('bot');
    expect(threat.body.replies.map((m: { text: string }) => m.text)).toEqual([expect.stringMatching(/^您是第1位/)]);
    expect([await positionOf(second), await positionOf(first)]).toEqual([1, 2]);

    // The brief is live: the message is in its transcript, the raise is recorded with it.
    const brief = (await api.call('GET', `/v1/conversations/${second}/brief`)).body;
    expect(brief.transcript.map((m: { text: string }) => m.text)).toContain('再不处理我就去消协投诉你们');
    expect(brief.classification.priority).toBe(5);
    expect(brief.waitingRoom).toEqual([
      expect.objectContaining({ messageId: threat.body.messageId, signal: 'legal_threat', evidence: '消协', priorityTo: 5, skillFrom: 'complaints', skillTo: 'complaints' }),
    ]);
    expect(brief.waitingRoom[0].priorityFrom).toBeLessThan(5);

    // The customer who was first hears that they are second now.
    await eventually(async () => ((await textsOf(first)).some((m) => m.from === 'system' && /^您是第2位/.test(m.text)) ? true : undefined));
  });

  it('sends a fraud report to the account team before an agent is chosen', async () => {
    const waiting = await complainingCustomer();
    await api.call('POST', `/v1/conversations/${waiting}/messages`, { body: { text: '还有我的账号被盗了，有陌生订单' } });
    const brief = (await api.call('GET', `/v1/conversations/${waiting}/brief`)).body;
    expect(brief.waitingRoom.at(-1)).toMatchObject({ signal: 'account_security', skillFrom: 'complaints', skillTo: 'account', priorityTo: 5 });
    // An agent of the account team coming on duty is offered it.
    const agentId = `agent-${randomUUID()}`;
    await api.call('POST', '/v1/agents', { body: { id: agentId, name: 'Kim', skills: [{ name: 'account', level: 1 }], capacity: 1, status: 'available' } });
    await eventually(async () => ((await api.call('GET', `/v1/conversations/${waiting}`)).body.assignment?.agentId === agentId ? true : undefined), 30_000);
  });

  it('leaves an ordinary message alone, and can be switched off', async () => {
    const waiting = await complainingCustomer();
    const calm = await api.call('POST', `/v1/conversations/${waiting}/messages`, { body: { text: '好的，我等一下' } });
    expect(calm.body.replies).toEqual([]);
    expect((await api.call('GET', `/v1/conversations/${waiting}/brief`)).body.waitingRoom).toBeUndefined();

    const off = await startTestApi({ worker: { triggerPolicy: { ...PATIENT_POLICY, waitingRoom: { ...DEFAULT_TRIGGER_POLICY.waitingRoom, enabled: false } } } });
    try {
      const id = (await off.call('POST', '/v1/conversations', { body: { customer: { id: `c-${randomUUID()}`, locale: 'zh-CN' }, channel: 'web' } })).body.id;
      expect((await off.call('POST', `/v1/conversations/${id}/handoff`, { body: {} })).body.state).toBe('queued');
      const threat = await off.call('POST', `/v1/conversations/${id}/messages`, { body: { text: '我要起诉你们' } });
      expect(threat.body.replies).toEqual([]);
      expect((await off.call('GET', `/v1/conversations/${id}/brief`)).body.waitingRoom).toBeUndefined();
    } finally {
      await off.stop();
    }
  });
});
