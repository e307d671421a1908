import { randomUUID } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import fc from 'fast-check';
import { startTestApi, TEST_API_KEY, type TestApi } from '../support/api';
import { PATIENT_POLICY } from '../support/policies';

let api: TestApi;
let conversationId: string;
const agentId = `agent-${randomUUID()}`;

beforeAll(async () => {
  api = await startTestApi({ worker: { triggerPolicy: PATIENT_POLICY } });
  conversationId = (await api.call('POST', '/v1/conversations', { body: { customer: { id: `c-${randomUUID()}` }, channel: 'web' } })).body.id;
  await api.call('POST', '/v1/agents', { body: { id: agentId, name: 'A', skills: [{ name: 'general', level: 1 }], capacity: 1 } });
});
afterAll(() => api.stop());

/** What a hostile client sends: any code unit (NUL and lone surrogates included), escapes, long runs. */
const HOSTILE_PIECES = ['\u0000', 'a\u0000b', '\ud800', 'x\udfff', '\udc00\ud800', '%ff%fe', '%', '%E0%A4%A', '\u202e', '😀', '转人工'];
const hostileString = fc.oneof(
  fc.string({ unit: 'binary' }),
  fc.constantFrom(...HOSTILE_PIECES),
  fc.string({ unit: fc.constantFrom(...HOSTILE_PIECES), minLength: 1, maxLength: 5 }),
  fc.tuple(fc.string({ minLength: 1 }), fc.constantFrom('\u0000', '\ud800', '\udfff')).map(([text, bad]) => `${text}${bad}${text}`),
);
const hostileJson = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    hostileString,
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(hostileString, fc.constantFrom('text', 'reason', 'note', 'agentId', 'customer', 'id', 'metadata', 'choice', 'skill')), tie('value'), { maxKeys: 4 }),
  ),
})).value;

/** A path segment from any string; one no UTF-8 can encode (a lone surrogate) becomes its raw escape. */
const segment = (text: string) => {
  try {
    return encodeURIComponent(text);
  } catch {
    return '%ED%A0%80';
  }
};

/** Bodies shaped like the real ones (any subset of their fields), carrying hostile text where text goes. */
const shapedBody = fc.record(
  {
    text: hostileString,
    reason: hostileString,
    note: hostileString,
    message: hostileString,
    customer: fc.record({ id: hostileString, name: hostileString }, { requiredKeys: ['id'] }),
    channel: fc.constant('web'),
    metadata: fc.dictionary(hostileString, hostileString, { maxKeys: 2 }),
    agentId: fc.oneof(fc.constant(agentId), hostileString),
    choice: fc.constantFrom('abandon', 'message', 'callback'),
    callbackNumber: hostileString,
    skill: fc.oneof(fc.constant('general'), hostileString),
    id: hostileString,
    name: hostileString,
    skills: fc.constant([{ name: 'general', level: 1 }]),
    capacity: fc.constant(1),
    status: fc.constantFrom('available', 'away'),
    helpful: fc.boolean(),
  },
  { requiredKeys: ['text', 'reason', 'note', 'message', 'customer', 'channel', 'agentId', 'choice', 'skill', 'id', 'name', 'skills', 'capacity', 'status', 'helpful'] },
);

const raw = (method: string, path: string, init: { body?: Buffer | string; headers?: Record<string, string> } = {}) =>
  fetch(`${api.baseUrl}${path}`, { method, headers: { Authorization: `Bearer ${TEST_API_KEY}`, ...init.headers }, body: init.body });

describe('hostile input is a clear 4xx, never a 500, and loses nothing', () => {
  it('a NUL or a lone surrogate in a text field is a 400 naming it, and the conversation goes on', async () => {
    for (const [path, body, field] of [
      [`/v1/conversations/${conversationId}/handoff`, { reason: 'a\u0000b' }, 'reason'],
      [`/v1/conversations/${conversationId}/messages`, { text: 'hello \ud800' }, 'text'],
      ['/v1/conversations', { customer: { id: 'c-1' }, channel: 'web', metadata: { note: ['ok', 'x\u0000'] } }, 'metadata.note.1'],
      [`/v1/conversations/${conversationId}/transfer`, { skill: 'general', note: '\udfff' }, 'note'],
    ] as const) {
      const response = await api.call('POST', path, { body });
      expect(response).toMatchObject({ status: 400, body: { error: { code: 'invalid_request', field } } });
    }
    // Once wedged by such a reason for good; now refused at the edge, the conversation still hands over and resolves.
    expect((await api.call('POST', `/v1/conversations/${conversationId}/handoff`, { body: { reason: 'a real reason' } })).status).toBe(200);
    expect((await api.call('POST', `/v1/conversations/${conversationId}/resolve`, { body: {} })).body).toMatchObject({ state: 'resolved' });
    // A surrogate pair is a character like any other.
    const other = (await api.call('POST', '/v1/conversations', { body: { customer: { id: `c-${randomUUID()}` }, channel: 'web' } })).body.id;
    expect((await api.call('POST', `/v1/conversations/${other}/messages`, { body: { text: 'thanks 😀' } })).status).toBe(200);
  });

  it('a reused Idempotency-Key with a different text is a 409, like creating a conversation with a different body', async () => {
    const id = (await api.call('POST', '/v1/conversations', { body: { customer: { id: `c-${randomUUID()}` }, channel: 'web' } })).body.id;
    const headers = { 'Idempotency-Key': `k-${randomUUID()}` };
    const first = await api.call('POST', `/v1/conversations/${id}/messages`, { body: { text: 'Where is my order?' }, headers });
    expect((await api.call('POST', `/v1/conversations/${id}/messages`, { body: { text: 'Where is my order?' }, headers })).body.messageId).toBe(first.body.messageId);
    expect(await api.call('POST', `/v1/conversations/${id}/messages`, { body: { text: 'Something else' }, headers })).toMatchObject({
      status: 409,
      body: { error: { code: 'idempotency_key_reused', field: 'Idempotency-Key' } },
    });
  });

  it('a malformed percent-escape or a NUL in the path is a 400 naming the path', async () => {
    for (const path of ['/v1/conversations/%ff%fe', '/v1/conversations/%', '/v1/agents/%E0%A4%A', '/v1/agents/a%00b', '/v1/agents/%ED%A0%80/status', '/no-such/%zz']) {
      const response = await raw('GET', path);
      expect({ path, status: response.status, body: await response.json() }).toMatchObject({ path, status: 400, body: { error: { field: 'path' } } });
    }
  });

  it('a body that does not decompress is a 400, and a request without a key is a 401 whatever its body', async () => {
    for (const encoding of ['deflate', 'gzip', 'br']) {
      const response = await raw('POST', '/v1/conversations', { body: 'not compressed at all', headers: { 'Content-Type': 'application/json', 'Content-Encoding': encoding } });
      expect(response.status).toBe(400);
    }
    const good = deflateSync(Buffer.from(JSON.stringify({ customer: { id: `c-${randomUUID()}` }, channel: 'web' })));
    expect((await raw('POST', '/v1/conversations', { body: good, headers: { 'Content-Type': 'application/json', 'Content-Encoding': 'deflate' } })).status).toBe(201);
    for (const [body, headers] of [
      ['{not json', { 'Content-Type': 'application/json' }],
      ['garbage', { 'Content-Type': 'application/json', 'Content-Encoding': 'deflate' }],
      ['x', { 'Content-Type': 'application/json', 'Content-Encoding': 'zstd-of-the-future' }],
    ] as const) {
      const response = await fetch(`${api.baseUrl}/v1/conversations`, { method: 'POST', headers, body });
      expect(response.status).toBe(401);
    }
    // Unknown routes read no body at all.
    expect((await fetch(`${api.baseUrl}/nothing`, { method: 'POST', headers: { 'Content-Encoding': 'gzip' }, body: 'garbage' })).status).toBe(404);
  });

  it('holds for hostile bodies and ids on every endpoint (a fast-check property over full Unicode, NUL and escapes)', async () => {
    const live = (await api.call('POST', '/v1/conversations', { body: { customer: { id: `c-${randomUUID()}` }, channel: 'web' } })).body.id;
    const routes = [
      ['POST', '/v1/conversations'],
      ['POST', '/v1/conversations/:id/messages'],
      ['POST', '/v1/conversations/:id/handoff'],
      ['POST', '/v1/conversations/:id/agent-messages'],
      ['POST', '/v1/conversations/:id/resolve'],
      ['POST', '/v1/conversations/:id/leave-queue'],
      ['POST', '/v1/conversations/:id/takeover'],
      ['POST', '/v1/conversations/:id/accept'],
      ['POST', '/v1/conversations/:id/decline'],
      ['POST', '/v1/conversations/:id/transfer'],
      ['POST', '/v1/conversations/:id/messages/:id/feedback'],
      ['GET', '/v1/conversations/:id'],
      ['GET', '/v1/conversations/:id/brief'],
      ['GET', '/v1/conversations/:id/messages'],
      ['POST', '/v1/agents'],
      ['GET', '/v1/agents/:agent'],
      ['PUT', '/v1/agents/:agent/status'],
      ['GET', '/v1/agents/:agent/conversations'],
    ] as const;
    const id = fc.oneof(
      { arbitrary: fc.constant(live), weight: 6 },
      { arbitrary: hostileString.map(segment), weight: 1 },
      { arbitrary: fc.constantFrom('%ff%fe', '%', '%00', '%ED%A0%80', '%E0%A4%A'), weight: 1 },
    );
    const agent = fc.oneof(fc.constant(agentId), hostileString.map(segment), fc.constantFrom('%ff', '%00', '%'));
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...routes), id, agent, fc.oneof({ arbitrary: hostileJson, weight: 1 }, { arbitrary: shapedBody, weight: 4 }), fc.boolean(), async ([method, template], conversation, agentPath, body, asText) => {
        const path = template.replaceAll(':id', conversation).replace(':agent', agentPath);
        const payload = method === 'GET' ? undefined : asText ? String(typeof body === 'string' ? body : JSON.stringify(body)) : JSON.stringify(body);
        const response = await raw(method, path, { body: payload, headers: payload === undefined ? {} : { 'Content-Type': 'application/json' } });
        expect({ method, path, status: response.status }).toMatchObject({ status: expect.any(Number) });
        expect(response.status).toBeLessThan(500);
      }),
      { numRuns: 400 },
    );
  }, 120_000);
});

describe('what a probe found', () => {
  const raw = (path: string, body: string | Buffer, auth = `Bearer ${TEST_API_KEY}`) =>
    fetch(`${api.baseUrl}${path}`, { method: 'POST', headers: { Authorization: auth, 'Content-Type': 'application/json' }, body });

  it('refuses JSON nested deeper than any real request with a 400, at any depth', async () => {
    for (const depth of [65, 8_000, 100_000]) {
      const nested = `{"text":"hi","x":${'['.repeat(depth)}${']'.repeat(depth)}}`;
      const answer = await raw(`/v1/conversations/${conversationId}/messages`, nested);
      expect([depth, answer.status]).toEqual([depth, depth > 90_000 && answer.status === 413 ? 413 : 400]);
    }
    // Nesting a real client might send is only validated as usual.
    const shallow = `{"customer":{"id":"c-1"},"channel":"web","metadata":{"a":${'['.repeat(10)}${']'.repeat(10)}}}`;
    expect((await raw('/v1/conversations', shallow)).status).toBe(201);
  });

  it('refuses bytes that are not UTF-8 instead of storing U+FFFD in their place', async () => {
    const body = Buffer.concat([Buffer.from('{"text":"a'), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('b"}')]);
    const answer = await raw(`/v1/conversations/${conversationId}/messages`, body);
    expect(answer.status).toBe(400);
    expect(((await answer.json()) as { error: { field: string } }).error.field).toBe('body');
  });

  it('answers HEAD on an event stream with its headers, at once', async () => {
    for (const path of [`/v1/conversations/${conversationId}/events`, `/v1/agents/${agentId}/events`]) {
      const answer = await fetch(`${api.baseUrl}${path}`, { method: 'HEAD', headers: { Authorization: `Bearer ${TEST_API_KEY}` }, signal: AbortSignal.timeout(5_000) });
      expect([path, answer.status, answer.headers.get('content-type')]).toEqual([path, 200, 'text/event-stream; charset=utf-8']);
    }
  });

  it('serves the console page with its security policy by any name', async () => {
    for (const path of ['/console', '/console/index.html']) {
      expect((await fetch(`${api.baseUrl}${path}`)).headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    }
  });

  it('keeps one canned reply per shortcut for "any language" too', async () => {
    const draft = { team: `t-${randomUUID().slice(0, 8)}`, shortcut: 'dup', title: 'Dup', text: 'x', locale: null };
    expect((await api.call('POST', '/v1/canned-replies', { body: draft })).status).toBe(201);
    expect((await api.call('POST', '/v1/canned-replies', { body: draft })).body).toMatchObject({ error: { code: 'shortcut_taken' } });
  });
});
