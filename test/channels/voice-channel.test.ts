import { randomInt, randomUUID } from 'node:crypto';
import { signTwilioRequest } from '../../channels/voice/signature';
import { startTestApi, type TestApi } from '../support/api';
import { PATIENT_POLICY } from '../support/policies';
import { placeCall } from '../support/standins/voice-caller';
import { eventually } from '../support/temporal';

const AUTH_TOKEN = 'twilio-auth-token-0123456789';

let api: TestApi;

beforeAll(async () => {
  api = await startTestApi({ worker: { triggerPolicy: PATIENT_POLICY }, channels: { voice: { authToken: AUTH_TOKEN } } });
});
beforeEach(() => api.testDb.db.query(`update agents set status = 'offline'`));
afterAll(() => api.stop());

const newCaller = () => `+86138${randomInt(10_000_000, 99_999_999)}`;
const call = (from: string, options: Partial<Parameters<typeof placeCall>[0]> = {}) =>
  placeCall({ baseUrl: api.baseUrl, authToken: AUTH_TOKEN, from, to: '+862150000000', pollIntervalMs: 150, ...options });
const conversationOf = async (caller: string) =>
  (await api.testDb.db.query(`select id from conversations where customer_id = $1 order by created_at desc limit 1`, [`phone:${caller}`])).rows[0]?.id as string | undefined;

async function agent(name: string) {
  const id = `agent-${randomUUID()}`;
  await api.call('POST', '/v1/agents', { body: { id, name, skills: [{ name: 'general', level: 3 }], capacity: 2, status: 'available', channels: ['phone'] } });
  return id;
}

describe('the phone channel (TwiML)', () => {
  it('greets in the caller’s language, answers by voice, speaks the transfer and the place in line, and bridges the caller to the agent who accepts', async () => {
    const caller = newCaller();
    const phone = call(caller);
    const greeting = await phone.waitUntilHeard(/欢迎致电/);
    expect(greeting.language).toBe('cmn-CN');
    phone.say('我要转人工');
    await phone.waitUntilHeard(/^正在为您转接人工客服/, 10_000);
    await phone.waitUntilHeard(/^您是第\d+位/, 10_000);
    await phone.waitUntilHeard(/按1/, 10_000);
    const conversationId = (await conversationOf(caller))!;
    expect((await api.call('GET', `/v1/conversations/${conversationId}`)).body).toMatchObject({ state: 'queued', channel: 'phone', customer: { phone: caller } });

    const agentId = await agent('小陈');
    await eventually(async () => ((await api.call('GET', `/v1/conversations/${conversationId}`)).body.assignment?.status === 'offered' ? true : undefined));
    // The agent has the brief, with what the caller said, before accepting.
    expect((await api.call('GET', `/v1/conversations/${conversationId}/brief`)).body.transcript.map((m: { text: string }) => m.text)).toContain('我要转人工');
    await api.call('POST', `/v1/conversations/${conversationId}/accept`, { body: { agentId } });
    await phone.waitUntilHeard(/^人工客服小陈已加入对话/, 10_000);
    expect(await phone.waitUntilBridged(10_000)).toEqual({ kind: 'client', identity: agentId });

    phone.agentHangsUp();
    await phone.waitUntilEnded(10_000);
    expect(phone.failure).toBeNull();
  }, 60_000);

  it('lets a waiting caller press 1 to be called back on the number they called from', async () => {
    const caller = newCaller();
    const phone = call(caller);
    await phone.waitUntilHeard(/欢迎致电/);
    phone.say('转人工');
    await phone.waitUntilHeard(/按1/, 10_000);
    phone.press('1');
    await phone.waitUntilHeard(/回电/, 10_000);
    await phone.waitUntilEnded(10_000);
    const conversationId = (await conversationOf(caller))!;
    expect((await api.call('GET', `/v1/conversations/${conversationId}`)).body).toMatchObject({ state: 'resolved', outcome: 'callback_requested', callbackNumber: caller });
  }, 30_000);

  it('takes a caller who hangs up while waiting out of the queue', async () => {
    const caller = newCaller();
    const phone = call(caller);
    await phone.waitUntilHeard(/欢迎致电/);
    phone.say('转人工');
    await phone.waitUntilHeard(/^您是第\d+位/, 10_000);
    await phone.hangUp();
    const conversationId = (await conversationOf(caller))!;
    await eventually(async () => ((await api.call('GET', `/v1/conversations/${conversationId}`)).body.outcome === 'abandoned' ? true : undefined));
  }, 30_000);

  it('speaks English to a caller on an English line, and stores each utterance once', async () => {
    const caller = newCaller();
    const phone = call(caller, { incomingPath: '/channels/voice/incoming?lang=en' });
    const greeting = await phone.waitUntilHeard(/thank you for calling/i);
    expect(greeting.language).toBe('en-US');
    phone.say('what are your opening hours');
    await eventually(async () => (phone.heard.length > 1 ? true : undefined));
    const conversationId = (await conversationOf(caller))!;
    const messages = (await api.call('GET', `/v1/conversations/${conversationId}/messages`)).body.messages as Array<{ from: string; text: string }>;
    expect(messages.filter((m) => m.from === 'customer').map((m) => m.text)).toEqual(['what are your opening hours']);
    await phone.hangUp();
  }, 30_000);

  it('refuses a forged or missing signature with 401, and stores nothing', async () => {
    const caller = newCaller();
    const params = { CallSid: `CA${randomUUID().replace(/-/g, '')}`, From: caller, To: '+862150000000', CallStatus: 'ringing' };
    const url = `${api.baseUrl}/channels/voice/incoming`;
    const form = new URLSearchParams(params).toString();
    const headers = { 'Content-Type': 'application/x-www-form-urlencoded' };
    const forged = await api.call('POST', '/channels/voice/incoming', { rawBody: form, auth: null, headers: { ...headers, 'X-Twilio-Signature': signTwilioRequest('another-token', url, params) } });
    expect(forged.status).toBe(401);
    expect((await api.call('POST', '/channels/voice/incoming', { rawBody: form, auth: null, headers })).status).toBe(401);
    // Signed for other parameters than those sent.
    const tampered = await api.call('POST', '/channels/voice/incoming', { rawBody: form.replace('ringing', 'ringinG'), auth: null, headers: { ...headers, 'X-Twilio-Signature': signTwilioRequest(AUTH_TOKEN, url, params) } });
    expect(tampered.status).toBe(401);
    expect(await conversationOf(caller)).toBeUndefined();
  });
});
