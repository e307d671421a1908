import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { startTestApi, type TestApi } from '../support/api';
import { PATIENT_POLICY } from '../support/policies';

let api: TestApi;
let conversationId: string;
let resolvedId: string;
const agentId = `agent-${randomUUID()}`;

beforeAll(async () => {
  api = await startTestApi({ worker: { triggerPolicy: PATIENT_POLICY } });
  conversationId = (await api.call('POST', '/v1/conversations', { body: { customer: { id: `c-${randomUUID()}` }, channel: 'web' } })).body.id;
  resolvedId = (await api.call('POST', '/v1/conversations', { body: { customer: { id: `c-${randomUUID()}` }, channel: 'web' } })).body.id;
  await api.call('POST', `/v1/conversations/${resolvedId}/resolve`, { body: {} });
  await api.call('POST', '/v1/agents', { body: { id: agentId, name: 'A', skills: [{ name: 'general', level: 1 }], capacity: 1 } });
});
afterAll(() => api.stop());

const conversationBody = { customer: { id: 'c-1' }, channel: 'web' };

describe('a malformed request is a 400 naming the field', () => {
  it.each([
    ['POST', '/v1/conversations', {}, 'customer'],
    ['POST', '/v1/conversations', { customer: {}, channel: 'web' }, 'customer.id'],
    ['POST', '/v1/conversations', { customer: { id: '' }, channel: 'web' }, 'customer.id'],
    ['POST', '/v1/conversations', { customer: { id: 'x' }, channel: 'carrier-pigeon' }, 'channel'],
    ['POST', '/v1/conversations', { customer: { id: 'x', email: 'not-an-email' }, channel: 'web' }, 'customer.email'],
    ['POST', '/v1/conversations', { customer: { id: 'x', phone: 'call me' }, channel: 'web' }, 'customer.phone'],
    ['POST', '/v1/conversations', { customer: { id: 'x', locale: 'fr' }, channel: 'web' }, 'customer.locale'],
    ['POST', '/v1/conversations', { ...conversationBody, metadata: 'x' }, 'metadata'],
    ['POST', '/v1/conversations', [], 'body'],
    ['POST', '/v1/agents', { id: 'a', name: 'A', skills: [], capacity: 1 }, 'skills'],
    ['POST', '/v1/agents', { id: 'a', name: 'A', skills: [{ name: 'general', level: 9 }], capacity: 1 }, 'skills.0.level'],
    ['POST', '/v1/agents', { id: 'a', name: 'A', skills: [{ name: 'general', level: 1 }], capacity: 0 }, 'capacity'],
    ['POST', '/v1/agents', { id: 'a', name: 'A', skills: [{ name: 'general', level: 1 }], capacity: 1, channels: ['fax'] }, 'channels.0'],
    ['POST', '/v1/agents', { id: 'a', name: 'A', skills: [{ name: 'general', level: 1 }], capacity: 1, autoAccept: 'yes' }, 'autoAccept'],
  ])('%s %s %j → %s', async (method, path, body, field) => {
    const response = await api.call(method, path, { body });
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({ code: 'invalid_request', field });
  });

  it.each([
    [{}, 'text'],
    [{ text: '' }, 'text'],
    [{ text: '   ' }, 'text'],
    [{ text: 42 }, 'text'],
    [{ text: 'x'.repeat(20_001) }, 'text'],
  ])('a customer message %j → %s', async (body, field) => {
    const response = await api.call('POST', `/v1/conversations/${conversationId}/messages`, { body });
    expect(response.status).toBe(400);
    expect(response.body.error.field).toBe(field);
  });

  it.each([
    [{ skill: 'billing', minLevel: 7 }, 'minLevel'],
    [{ note: 'x' }, 'toAgentId'],
    [{ toAgentId: 'a', skill: 'billing' }, 'skill'],
    [{ skill: 'billing', note: '' }, 'note'],
  ])('a transfer %j → %s', async (body, field) => {
    const response = await api.call('POST', `/v1/conversations/${conversationId}/transfer`, { body });
    expect(response).toMatchObject({ status: 400, body: { error: { field } } });
  });

  it('handles a 10,000-character message', async () => {
    const response = await api.call('POST', `/v1/conversations/${conversationId}/messages`, { body: { text: '订单'.repeat(5000) } });
    expect(response.status).toBe(200);
  });

  it('rejects invalid JSON', async () => {
    const response = await api.call('POST', '/v1/conversations', { rawBody: '{"customer":' });
    expect(response).toMatchObject({ status: 400, body: { error: { code: 'invalid_json', field: 'body' } } });
  });

  it('rejects an agent status that does not exist', async () => {
    const response = await api.call('PUT', `/v1/agents/${agentId}/status`, { body: { status: 'sleeping' } });
    expect(response).toMatchObject({ status: 400, body: { error: { field: 'status' } } });
  });

  it('rejects an over-long Idempotency-Key', async () => {
    const response = await api.call('POST', '/v1/conversations', { body: conversationBody, headers: { 'Idempotency-Key': 'k'.repeat(300) } });
    expect(response).toMatchObject({ status: 400, body: { error: { field: 'header' } } });
  });
});

describe('an unknown id is a 404', () => {
  it.each([
    ['GET', `/v1/conversations/${randomUUID()}`],
    ['GET', '/v1/conversations/not-a-uuid'],
    ['GET', `/v1/conversations/${randomUUID()}/messages`],
    ['POST', `/v1/conversations/${randomUUID()}/messages`],
    ['POST', `/v1/conversations/${randomUUID()}/handoff`],
    ['POST', `/v1/conversations/${randomUUID()}/resolve`],
    ['GET', `/v1/agents/${randomUUID()}`],
    ['PUT', `/v1/agents/${randomUUID()}/status`],
  ])('%s %s', async (method, path) => {
    const body = method === 'PUT' ? { status: 'away' } : method === 'POST' ? { text: 'hi' } : undefined;
    const response = await api.call(method, path, { body });
    expect(response).toMatchObject({ status: 404, body: { error: { code: 'not_found' } } });
  });

  it('an unknown route too', async () => {
    expect(await api.call('GET', '/v1/nothing-here')).toMatchObject({ status: 404, body: { error: { code: 'route_not_found' } } });
  });
});

describe('a refused transition is a 409', () => {
  it('resolving a bot conversation in the name of an agent', async () => {
    const response = await api.call('POST', `/v1/conversations/${conversationId}/resolve`, { body: { agentId } });
    expect(response).toMatchObject({ status: 409, body: { error: { code: 'transition_refused', state: 'bot' } } });
  });

  it('an agent writing into a conversation they do not hold', async () => {
    const response = await api.call('POST', `/v1/conversations/${conversationId}/agent-messages`, { body: { agentId, text: 'hi' } });
    expect(response.status).toBe(409);
  });

  it('a handoff, a message or a resolve after the conversation is resolved — and the message is still stored', async () => {
    for (const [path, body] of [['handoff', {}], ['messages', { text: 'are you there?' }], ['resolve', {}]] as const) {
      const response = await api.call('POST', `/v1/conversations/${resolvedId}/${path}`, { body });
      expect(response.status).toBe(409);
      expect(response.body.error.code).toMatch(/transition_refused|conversation_closed/);
    }
    const transcript = await api.call('GET', `/v1/conversations/${resolvedId}/messages`);
    expect(transcript.body.messages.map((m: { text: string }) => m.text)).toContain('are you there?');
  });

  it('asking for a second handoff while the first is under way', async () => {
    const id = (await api.call('POST', '/v1/conversations', { body: { customer: { id: `c-${randomUUID()}` }, channel: 'web' } })).body.id;
    expect((await api.call('POST', `/v1/conversations/${id}/handoff`, {})).status).toBe(200);
    const again = await api.call('POST', `/v1/conversations/${id}/handoff`, {});
    expect(again).toMatchObject({ status: 409, body: { error: { code: 'transition_refused', state: 'queued' } } });
  });

  it('lowering an agent’s capacity below what they hold now', async () => {
    const id = `agent-${randomUUID()}`;
    await api.call('POST', '/v1/agents', { body: { id, name: 'B', skills: [{ name: 'general', level: 1 }], capacity: 2 } });
    await api.testDb.db.query('update agents set load = 2 where id = $1', [id]);
    const response = await api.call('POST', '/v1/agents', { body: { id, name: 'B', skills: [{ name: 'general', level: 1 }], capacity: 1 } });
    expect(response).toMatchObject({ status: 409, body: { error: { code: 'capacity_below_load', field: 'capacity' } } });
  });
});

describe('a missing or wrong key is a 401', () => {
  it.each([[null], ['Bearer wrong'], ['Basic abc'], ['Bearer ']])('Authorization: %s', async (auth) => {
    const response = await api.call('GET', `/v1/conversations/${conversationId}`, { auth });
    expect(response).toMatchObject({ status: 401, body: { error: { code: 'unauthorized' } } });
    expect(response.headers.get('www-authenticate')).toContain('Bearer');
  });
});

describe('nothing a client sends produces a 500', () => {
  it('holds for arbitrary bodies on every endpoint', async () => {
    const paths = () => [
      ['POST', '/v1/conversations'],
      ['POST', `/v1/conversations/${conversationId}/messages`],
      ['POST', `/v1/conversations/${conversationId}/handoff`],
      ['POST', `/v1/conversations/${conversationId}/agent-messages`],
      ['POST', `/v1/conversations/${resolvedId}/resolve`],
      ['POST', '/v1/agents'],
      ['PUT', `/v1/agents/${agentId}/status`],
      ['POST', `/v1/conversations/${conversationId}/leave-queue`],
      ['POST', `/v1/conversations/${resolvedId}/takeover`],
      ['POST', `/v1/conversations/${conversationId}/messages/${randomUUID()}/feedback`],
      ['POST', `/v1/conversations/${conversationId}/accept`],
      ['POST', `/v1/conversations/${conversationId}/decline`],
      ['POST', `/v1/conversations/${conversationId}/transfer`],
      ['POST', `/v1/conversations/${resolvedId}/transfer`],
    ] as const;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...paths()), fc.oneof(fc.jsonValue(), fc.string()), async ([method, path], body) => {
        const response = typeof body === 'string'
          ? await api.call(method, path, { rawBody: body })
          : await api.call(method, path, { body });
        expect(response.status).toBeLessThan(500);
      }),
      { numRuns: 200 },
    );
  });
});
