import { randomUUID } from 'node:crypto';
import { startTestApi, type TestApi } from '../support/api';
import { PATIENT_POLICY } from '../support/policies';

let api: TestApi;
const [agentA, agentB] = [`agent-a-${randomUUID()}`, `agent-b-${randomUUID()}`];
let keyA: string;
let supervisorKey: string;
let heldByA: string;
let heldByB: string;
let withBot: string;

const as = (key: string) => `Bearer ${key}`;

beforeAll(async () => {
  api = await startTestApi({ worker: { triggerPolicy: PATIENT_POLICY } });
  for (const id of [agentA, agentB]) {
    await api.call('POST', '/v1/agents', { body: { id, name: id.slice(0, 7), skills: [{ name: 'general', level: 1 }], capacity: 3, status: 'available' } });
  }
  keyA = (await api.call('POST', '/v1/keys', { body: { role: 'agent', agentId: agentA } })).body.key;
  supervisorKey = (await api.call('POST', '/v1/keys', { body: { role: 'supervisor' } })).body.key;
  const create = async () => (await api.call('POST', '/v1/conversations', { body: { customer: { id: `c-${randomUUID()}` }, channel: 'web' } })).body.id as string;
  [heldByA, heldByB, withBot] = [await create(), await create(), await create()];
  await api.call('POST', `/v1/conversations/${heldByA}/takeover`, { body: { agentId: agentA } });
  await api.call('POST', `/v1/conversations/${heldByB}/takeover`, { body: { agentId: agentB } });
});
afterAll(() => api.stop());

describe('an agent key', () => {
  it('reads what is assigned to the agent, and live bot conversations to watch, nothing else', async () => {
    const auth = as(keyA);
    expect((await api.call('GET', `/v1/conversations/${heldByA}`, { auth })).status).toBe(200);
    expect((await api.call('GET', `/v1/conversations/${heldByA}/brief`, { auth })).status).toBe(200);
    expect((await api.call('GET', `/v1/conversations/${withBot}/messages`, { auth })).status).toBe(200);
    expect((await api.call('GET', '/v1/conversations?state=bot', { auth })).status).toBe(200);
    for (const [method, path] of [
      ['GET', `/v1/conversations/${heldByB}`],
      ['GET', `/v1/conversations/${heldByB}/messages`],
      ['GET', `/v1/conversations/${withBot}/brief`],
      ['GET', '/v1/conversations?state=queued'],
      ['GET', `/v1/agents/${agentB}`],
    ] as const) {
      expect(await api.call(method, path, { auth })).toMatchObject({ status: 403, body: { error: { code: 'forbidden' } } });
    }
  });

  it('acts only as its own agent, and never as a customer or a service', async () => {
    const auth = as(keyA);
    expect((await api.call('POST', `/v1/conversations/${heldByA}/agent-messages`, { auth, body: { agentId: agentA, text: '您好' } })).status).toBe(200);
    expect((await api.call('POST', `/v1/conversations/${heldByA}/agent-messages`, { auth, body: { agentId: agentB, text: '您好' } })).status).toBe(403);
    expect((await api.call('POST', '/v1/conversations', { auth, body: { customer: { id: 'x' }, channel: 'web' } })).status).toBe(403);
    expect((await api.call('POST', `/v1/conversations/${heldByA}/messages`, { auth, body: { text: 'hi' } })).status).toBe(403);
    expect((await api.call('POST', '/v1/agents', { auth, body: { id: 'z', name: 'Z', skills: [{ name: 'general', level: 1 }], capacity: 1 } })).status).toBe(403);
    expect((await api.call('PUT', `/v1/agents/${agentA}/status`, { auth, body: { status: 'available' } })).status).toBe(200);
    expect((await api.call('POST', `/v1/conversations/${withBot}/takeover`, { auth, body: { agentId: agentB } })).status).toBe(403);
  });

  it('steps in and resolves as itself', async () => {
    const auth = as(keyA);
    const taken = await api.call('POST', `/v1/conversations/${withBot}/takeover`, { auth, body: { agentId: agentA } });
    expect(taken.body.state).toBe('agent_assigned');
    const resolved = await api.call('POST', `/v1/conversations/${withBot}/resolve`, { auth, body: {} });
    expect(resolved.body.state).toBe('resolved');
  });
});

describe('a supervisor key', () => {
  it('watches and steps in for any agent, but neither speaks as a customer nor issues keys', async () => {
    const auth = as(supervisorKey);
    expect((await api.call('GET', `/v1/conversations/${heldByB}/brief`, { auth })).status).toBe(200);
    const fresh = (await api.call('POST', '/v1/conversations', { body: { customer: { id: `c-${randomUUID()}` }, channel: 'web' } })).body.id;
    expect((await api.call('POST', `/v1/conversations/${fresh}/takeover`, { auth, body: { agentId: agentB } })).body.state).toBe('agent_assigned');
    expect((await api.call('POST', `/v1/conversations/${fresh}/messages`, { auth, body: { text: 'hi' } })).status).toBe(403);
    expect((await api.call('POST', '/v1/keys', { auth, body: { role: 'supervisor' } })).status).toBe(403);
  });
});

describe('issuing keys', () => {
  it('needs an existing agent for an agent key, and a revoked key stops working', async () => {
    expect(await api.call('POST', '/v1/keys', { body: { role: 'agent' } })).toMatchObject({ status: 400, body: { error: { field: 'agentId' } } });
    expect((await api.call('POST', '/v1/keys', { body: { role: 'agent', agentId: `agent-${randomUUID()}` } })).status).toBe(404);
    const issued = await api.call('POST', '/v1/keys', { body: { role: 'agent', agentId: agentB } });
    expect((await api.call('GET', `/v1/agents/${agentB}`, { auth: as(issued.body.key) })).status).toBe(200);
    expect((await api.call('DELETE', `/v1/keys/${issued.body.id}`)).status).toBe(204);
    expect((await api.call('GET', `/v1/agents/${agentB}`, { auth: as(issued.body.key) })).status).toBe(401);
  });
});
