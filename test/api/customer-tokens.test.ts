import { randomUUID } from 'node:crypto';
import { customerTokens } from '../../api/customer-tokens';
import { startTestApi, TEST_API_KEY, type TestApi } from '../support/api';
import { PATIENT_POLICY } from '../support/policies';

let api: TestApi;
let mine: string;
let theirs: string;
let token: string;
const as = (credential: string) => `Bearer ${credential}`;

beforeAll(async () => {
  api = await startTestApi({ worker: { triggerPolicy: PATIENT_POLICY }, corsOrigins: ['https://shop.example'] });
  const create = async () => (await api.call('POST', '/v1/conversations', { body: { customer: { id: `c-${randomUUID()}`, locale: 'en' }, channel: 'web' } })).body.id as string;
  [mine, theirs] = [await create(), await create()];
  token = (await api.call('POST', `/v1/conversations/${mine}/customer-token`)).body.token;
});
afterAll(() => api.stop());

describe('a customer token', () => {
  it('is issued only by the service, for a conversation that exists', async () => {
    expect((await api.call('POST', `/v1/conversations/${randomUUID()}/customer-token`)).status).toBe(404);
    const agentKey = (await api.call('POST', '/v1/keys', { body: { role: 'supervisor' } })).body.key;
    expect((await api.call('POST', `/v1/conversations/${mine}/customer-token`, { auth: as(agentKey) })).status).toBe(403);
    const issued = await api.call('POST', `/v1/conversations/${mine}/customer-token`);
    expect(issued).toMatchObject({ status: 201, body: { conversationId: mine, token: expect.stringMatching(/^ct1\./) } });
    expect(Date.parse(issued.body.expiresAt)).toBeGreaterThan(Date.now());
  });

  it("speaks as its conversation's customer and reads that conversation", async () => {
    const auth = as(token);
    const sent = await api.call('POST', `/v1/conversations/${mine}/messages`, { auth, body: { text: 'Where is my parcel?' } });
    expect(sent.status).toBe(200);
    expect((await api.call('GET', `/v1/conversations/${mine}`, { auth })).body).toMatchObject({ id: mine, state: 'bot' });
    const transcript = await api.call('GET', `/v1/conversations/${mine}/messages`, { auth });
    expect(transcript.body.messages.map((m: { text: string }) => m.text)).toContain('Where is my parcel?');
    expect((await api.call('POST', `/v1/conversations/${mine}/handoff`, { auth, body: {} })).status).toBe(200);
  });

  it('reaches nothing else: not another conversation, not the lists, agents, notes, knowledge or keys', async () => {
    const auth = as(token);
    for (const [method, path, body] of [
      ['GET', `/v1/conversations/${theirs}`],
      ['GET', `/v1/conversations/${theirs}/events`],
      ['POST', `/v1/conversations/${theirs}/messages`, { text: 'hi' }],
      ['GET', '/v1/conversations?state=bot'],
      ['GET', `/v1/conversations/${mine}/brief`],
      ['GET', `/v1/conversations/${mine}/notes`],
      ['POST', `/v1/conversations/${mine}/notes`, { text: 'note' }],
      ['POST', `/v1/conversations/${mine}/resolve`, {}],
      ['POST', `/v1/conversations/${mine}/agent-messages`, { agentId: 'x', text: 'hi' }],
      ['POST', `/v1/conversations/${mine}/customer-token`, {}],
      ['POST', '/v1/conversations', { customer: { id: 'x' }, channel: 'web' }],
      ['GET', '/v1/agents'],
      ['GET', '/v1/knowledge?q=refund'],
      ['GET', '/v1/canned-replies'],
      ['GET', '/v1/chart'],
      ['GET', '/v1/me'],
    ] as const) {
      const answer = await api.call(method, path, { auth, ...(body ? { body } : {}) });
      expect([path, answer.status, answer.body.error?.code]).toEqual([path, 403, 'forbidden']);
    }
  });

  it('is refused when forged, altered or expired', async () => {
    const [prefix, id, expiry, signature] = token.split('.');
    const forged = [
      `${prefix}.${theirs}.${expiry}.${signature}`,
      `${prefix}.${id}.${Number(expiry) + 60}.${signature}`,
      `${prefix}.${id}.${expiry}.${signature!.slice(0, -2)}AA`,
      customerTokens('another-service-key-0123456789', 3600).issue(mine).token,
      customerTokens(TEST_API_KEY, 1).issue(mine, new Date(Date.now() - 5_000)).token,
      'ct1.not-a-uuid.1.x',
    ];
    for (const credential of forged) {
      expect((await api.call('GET', `/v1/conversations/${mine}`, { auth: as(credential) })).status).toBe(401);
    }
  });

  it("reads where its conversation stands and who helps, not the shop's metadata or the routing's reasons", async () => {
    const helped = (await api.call('POST', '/v1/conversations', { body: { customer: { id: `c-${randomUUID()}` }, channel: 'web', metadata: { cart: 'secret' } } })).body.id;
    const agentId = `agent-${randomUUID()}`;
    await api.call('POST', '/v1/agents', { body: { id: agentId, name: 'Mei', skills: [{ name: 'general', level: 1 }], capacity: 1, status: 'available' } });
    await api.call('POST', `/v1/conversations/${helped}/takeover`, { body: { agentId } });
    await api.call('POST', `/v1/conversations/${helped}/agent-messages`, { body: { agentId, text: 'Hello, Mei here' } });
    const own = (await api.call('POST', `/v1/conversations/${helped}/customer-token`)).body.token;
    const view = await api.call('GET', `/v1/conversations/${helped}`, { auth: as(own) });
    expect(view.body).toMatchObject({ id: helped, state: 'agent_assigned', agent: { id: agentId, name: 'Mei' }, assignment: { status: 'active' } });
    for (const hidden of ['metadata', 'escalation', 'customer', 'callbackNumber']) expect(view.body).not.toHaveProperty(hidden);
    expect(view.body.assignment).not.toHaveProperty('reason');
    const transcript = await api.call('GET', `/v1/conversations/${helped}/messages`, { auth: as(own) });
    expect(transcript.body.messages.find((m: { text: string }) => m.text === 'Hello, Mei here')).toMatchObject({ from: 'agent', agentId, agentName: 'Mei' });
  });

  it('is not issued for a resolved conversation', async () => {
    const done = (await api.call('POST', '/v1/conversations', { body: { customer: { id: `c-${randomUUID()}` }, channel: 'web' } })).body.id;
    await api.call('POST', `/v1/conversations/${done}/resolve`, { body: {} });
    expect((await api.call('POST', `/v1/conversations/${done}/customer-token`)).body).toMatchObject({ error: { code: 'transition_refused', state: 'resolved' } });
  });
});

describe('a browser on a shop\'s own origin', () => {
  it("is answered a preflight without a key from the shop's configured origin, and every API answer allows that origin", async () => {
    const preflight = await fetch(`${api.baseUrl}/v1/conversations/${mine}/messages`, {
      method: 'OPTIONS',
      headers: { Origin: 'https://shop.example', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization, content-type' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-headers')).toMatch(/Authorization/);
    const read = await api.call('GET', `/v1/conversations/${mine}`, { auth: as(token), headers: { Origin: 'https://shop.example' } });
    expect(read.headers.get('access-control-allow-origin')).toBe('https://shop.example');
  });
});
