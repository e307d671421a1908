import { randomBytes, randomUUID } from 'node:crypto';
import { defaultPayloadConverter } from '@temporalio/common';
import { CODEC_SESSION_COOKIE } from '../../api/codec-sign-in';
import { codecSessions } from '../../api/codec-sessions';
import { encryptionCodec, KEY_ID_METADATA } from '../../temporal/codec';
import { startTestApi, TEST_API_KEY, TEST_TEMPORAL_UI_ORIGIN, type TestApi } from '../support/api';

let api: TestApi;
let supervisorKey: string;
let agentKey: string;
let agentIdOfKey: string;

const as = (key: string) => `Bearer ${key}`;
const wire = (payload: { metadata?: Record<string, Uint8Array> | null; data?: Uint8Array | null }) => ({
  metadata: Object.fromEntries(Object.entries(payload.metadata ?? {}).map(([key, value]) => [key, Buffer.from(value).toString('base64')])),
  data: Buffer.from(payload.data ?? []).toString('base64'),
});
const plainWire = (value: unknown) => wire(defaultPayloadConverter.toPayload(value));
const text = (base64: string) => Buffer.from(base64, 'base64').toString('utf8');

beforeAll(async () => {
  api = await startTestApi();
  const agentId = `agent-${randomUUID()}`;
  await api.call('POST', '/v1/agents', { body: { id: agentId, name: 'Kim', skills: [{ name: 'general', level: 1 }], capacity: 1 } });
  agentKey = (await api.call('POST', '/v1/keys', { body: { role: 'agent', agentId } })).body.key;
  agentIdOfKey = agentId;
  supervisorKey = (await api.call('POST', '/v1/keys', { body: { role: 'supervisor' } })).body.key;
});
afterAll(() => api.stop());

describe('the codec endpoint (for the Temporal UI)', () => {
  const message = { text: 'call me on +86 139 0000 1111' };

  it('encodes and decodes in Temporal\'s remote codec shape, for the service key and a supervisor', async () => {
    const encoded = await api.call('POST', '/codec/encode', { body: { payloads: [plainWire(message)] } });
    expect(encoded.status).toBe(200);
    const [sealed] = encoded.body.payloads as Array<{ metadata: Record<string, string>; data: string }>;
    expect(text(sealed!.metadata.encoding!)).toBe('binary/encrypted');
    expect(text(sealed!.metadata[KEY_ID_METADATA]!)).toBe('test-run');
    expect(text(sealed!.data)).not.toContain('+86 139');

    const decoded = await api.call('POST', '/codec/decode', { auth: as(supervisorKey), body: { payloads: [sealed, plainWire('not encrypted')] } });
    expect(decoded.status).toBe(200);
    const [opened, passedThrough] = decoded.body.payloads as Array<{ metadata: Record<string, string>; data: string }>;
    expect(text(opened!.metadata.encoding!)).toBe('json/plain');
    expect(JSON.parse(text(opened!.data))).toEqual(message);
    expect(JSON.parse(text(passedThrough!.data))).toBe('not encrypted');
  });

  it('decodes what the workers sealed (the payloads in the history)', async () => {
    const [sealed] = await api.temporal.client.options.dataConverter!.payloadCodecs![0]!.encode([defaultPayloadConverter.toPayload(message)]);
    const decoded = await api.call('POST', '/codec/decode', { body: { payloads: [wire(sealed!)] } });
    expect(JSON.parse(text(decoded.body.payloads[0].data))).toEqual(message);
  });

  it('asks for a key (401), and refuses an agent\'s key and a customer token (403)', async () => {
    const body = { payloads: [plainWire(message)] };
    const anonymous = await api.call('POST', '/codec/decode', { auth: null, body });
    expect(anonymous).toMatchObject({ status: 401, body: { error: { code: 'unauthorized' } } });
    expect((await api.call('POST', '/codec/decode', { auth: 'Bearer not-a-key-at-all-000000', body })).status).toBe(401);
    expect(await api.call('POST', '/codec/decode', { auth: as(agentKey), body })).toMatchObject({ status: 403, body: { error: { code: 'forbidden' } } });
    const created = await api.call('POST', '/v1/conversations', { body: { customer: { id: `c-${randomUUID()}` }, channel: 'web' } });
    const token = (await api.call('POST', `/v1/conversations/${created.body.id}/customer-token`)).body.token as string;
    expect((await api.call('POST', '/codec/decode', { auth: as(token), body })).status).toBe(403);
  });

  it("answers CORS for the Temporal UI's origin only, preflight included", async () => {
    const preflight = (origin: string) =>
      api.call('OPTIONS', '/codec/decode', { auth: null, headers: { Origin: origin, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization,content-type,x-namespace' } });
    const allowed = await preflight(TEST_TEMPORAL_UI_ORIGIN);
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(TEST_TEMPORAL_UI_ORIGIN);
    expect(allowed.headers.get('access-control-allow-headers')).toMatch(/Authorization/i);
    expect(allowed.headers.get('access-control-allow-methods')).toContain('POST');

    const elsewhere = await preflight('https://evil.example.com');
    expect(elsewhere.status).toBe(204);
    expect(elsewhere.headers.get('access-control-allow-origin')).toBeNull();
    expect(elsewhere.headers.get('access-control-allow-methods')).toBeNull();

    const body = { payloads: [plainWire(message)] };
    const fromUi = await api.call('POST', '/codec/decode', { headers: { Origin: TEST_TEMPORAL_UI_ORIGIN, 'X-Namespace': 'default' }, body });
    expect(fromUi.status).toBe(200);
    expect(fromUi.headers.get('access-control-allow-origin')).toBe(TEST_TEMPORAL_UI_ORIGIN);
    expect(fromUi.headers.get('vary')).toMatch(/Origin/);
    const fromElsewhere = await api.call('POST', '/codec/decode', { headers: { Origin: 'https://evil.example.com' }, body });
    expect(fromElsewhere.headers.get('access-control-allow-origin')).toBeNull();
    // Even an error answers the UI's origin, so the UI can read why.
    const refused = await api.call('POST', '/codec/decode', { auth: null, headers: { Origin: TEST_TEMPORAL_UI_ORIGIN }, body });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('access-control-allow-origin')).toBe(TEST_TEMPORAL_UI_ORIGIN);
  });

  it('answers a bad body with a 400 naming the problem, never a 500', async () => {
    const bad: Array<[string, { body?: unknown; rawBody?: string }]> = [
      ['not JSON', { rawBody: '{"payloads": [' }],
      ['no payloads', { body: {} }],
      ['payloads not a list', { body: { payloads: 'x' } }],
      ['data not base64', { body: { payloads: [{ metadata: {}, data: '***' }] } }],
      ['metadata not base64', { body: { payloads: [{ metadata: { encoding: 'json/plain!' }, data: '' }] } }],
      ['a list of strings', { body: { payloads: ['x'] } }],
    ];
    for (const [what, request] of bad) {
      const reply = await api.call('POST', '/codec/decode', request);
      expect({ what, status: reply.status, code: reply.body.error?.code }).toMatchObject({ what, status: 400 });
    }
    // Sealed with a key this deployment does not hold, or altered: a 400 naming the key id.
    const [foreign] = await encryptionCodec([{ id: 'elsewhere', key: randomBytes(32) }]).encode([defaultPayloadConverter.toPayload(message)]);
    const unknown = await api.call('POST', '/codec/decode', { body: { payloads: [wire(foreign!)] } });
    expect(unknown).toMatchObject({ status: 400, body: { error: { code: 'undecodable_payload' } } });
    expect(unknown.body.error.message).toContain('"elsewhere"');
    const encoded = (await api.call('POST', '/codec/encode', { body: { payloads: [plainWire(message)] } })).body.payloads[0];
    const tampered = { ...encoded, data: Buffer.from(Buffer.from(encoded.data, 'base64').map((byte, index) => (index === 20 ? byte ^ 1 : byte))).toString('base64') };
    expect((await api.call('POST', '/codec/decode', { body: { payloads: [tampered] } })).status).toBe(400);
  });
});

describe('the codec sign-in (so the Temporal UI decodes with a cookie)', () => {
  const message = { text: '我的手机号是 139 0000 2222' };
  const sealedBody = async () => ({ payloads: [(await api.call('POST', '/codec/encode', { body: { payloads: [plainWire(message)] } })).body.payloads[0]] });
  const fromUi = (cookie: string, origin = TEST_TEMPORAL_UI_ORIGIN) => ({ auth: null, headers: { Cookie: cookie, Origin: origin, 'X-Namespace': 'default' } });
  const cookieOf = (headers: Headers) => headers.getSetCookie().find((line) => line.startsWith(`${CODEC_SESSION_COOKIE}=`));
  /** Signs in with the key and returns the `name=value` pair the browser would send back. */
  async function signIn(key: string, headers: Record<string, string> = {}): Promise<string> {
    const reply = await api.call('POST', '/codec/session', { auth: null, headers, body: { key } });
    expect(reply.status).toBe(200);
    return cookieOf(reply.headers)!.split(';')[0]!;
  }
  const decodedText = (reply: { body: any }) => JSON.parse(text(reply.body.payloads[0].data));

  it('signs a supervisor in with an HttpOnly, SameSite=Lax cookie for /codec that lasts 8 hours and decodes', async () => {
    const reply = await api.call('POST', '/codec/session', { auth: null, body: { key: supervisorKey } });
    expect(reply).toMatchObject({ status: 200, body: { role: 'supervisor' } });
    expect(Date.parse(reply.body.expiresAt) - Date.now()).toBeGreaterThan(8 * 3600_000 - 60_000);
    const setCookie = cookieOf(reply.headers)!;
    expect(setCookie).toMatch(/; HttpOnly/);
    expect(setCookie).toMatch(/; SameSite=Lax/);
    expect(setCookie).toMatch(/; Path=\/codec(;|$)/);
    expect(setCookie).toMatch(/; Max-Age=28800/);
    expect(setCookie).not.toMatch(/Secure/);
    expect(setCookie).not.toContain(supervisorKey);

    const cookie = setCookie.split(';')[0]!;
    const decoded = await api.call('POST', '/codec/decode', { ...fromUi(cookie), body: await sealedBody() });
    expect(decoded.status).toBe(200);
    expect(decodedText(decoded)).toEqual(message);
    expect(decoded.headers.get('access-control-allow-origin')).toBe(TEST_TEMPORAL_UI_ORIGIN);
    expect(decoded.headers.get('access-control-allow-credentials')).toBe('true');
    expect((await api.call('GET', '/codec/session', { auth: null, headers: { Cookie: cookie } })).body).toMatchObject({ role: 'supervisor' });
    // Encoding with the cookie too (the UI's "encode" for signals and updates it sends).
    expect((await api.call('POST', '/codec/encode', { ...fromUi(cookie), body: { payloads: [plainWire(message)] } })).status).toBe(200);
  });

  it('signs the service key in too, and marks the cookie Secure when the request came over HTTPS', async () => {
    const reply = await api.call('POST', '/codec/session', { auth: null, headers: { 'X-Forwarded-Proto': 'https' }, body: { key: ` ${TEST_API_KEY} ` } });
    expect(reply).toMatchObject({ status: 200, body: { role: 'service' } });
    expect(cookieOf(reply.headers)).toMatch(/; Secure/);
    const decoded = await api.call('POST', '/codec/decode', { ...fromUi(cookieOf(reply.headers)!.split(';')[0]!), body: await sealedBody() });
    expect(decodedText(decoded)).toEqual(message);
  });

  it("refuses an agent's key and a customer token (403) and a wrong key (401), and sets no cookie", async () => {
    const agent = await api.call('POST', '/codec/session', { auth: null, body: { key: agentKey } });
    expect(agent).toMatchObject({ status: 403, body: { error: { code: 'forbidden' } } });
    const created = await api.call('POST', '/v1/conversations', { body: { customer: { id: `c-${randomUUID()}` }, channel: 'web' } });
    const token = (await api.call('POST', `/v1/conversations/${created.body.id}/customer-token`)).body.token as string;
    const customer = await api.call('POST', '/codec/session', { auth: null, body: { key: token } });
    expect(customer.status).toBe(403);
    const wrong = await api.call('POST', '/codec/session', { auth: null, body: { key: 'bk_sv_not-a-key-at-all' } });
    expect(wrong).toMatchObject({ status: 401, body: { error: { code: 'unauthorized' } } });
    for (const reply of [agent, customer, wrong]) expect(cookieOf(reply.headers)).toBeUndefined();
  });

  it('refuses an expired, forged, altered or unknown session with a 401 that clears the cookie', async () => {
    const keyId = (await api.call('POST', '/v1/keys', { body: { role: 'supervisor' } })).body.id as string;
    const agentKeyId = (await api.call('POST', '/v1/keys', { body: { role: 'agent', agentId: agentIdOfKey } })).body.id as string;
    const genuine = codecSessions(TEST_API_KEY, 3600).issue({ role: 'supervisor', keyId }).session;
    const bad: Array<[string, string]> = [
      ['expired', codecSessions(TEST_API_KEY, -1).issue({ role: 'supervisor', keyId }).session],
      ['signed with another service key', codecSessions('another-service-key-000000', 3600).issue({ role: 'service' }).session],
      ['holder changed', genuine.replace(keyId, randomUUID())],
      ['expiry extended', genuine.replace(/\.(\d+)\./, (_match, expiry: string) => `.${Number(expiry) + 3600}.`)],
      ['a key that does not exist', codecSessions(TEST_API_KEY, 3600).issue({ role: 'supervisor', keyId: randomUUID() }).session],
      ["an agent's key", codecSessions(TEST_API_KEY, 3600).issue({ role: 'supervisor', keyId: agentKeyId }).session],
      ['garbage', 'cs1.service.99999999999.AAAA'],
      ['empty', ''],
    ];
    const body = await sealedBody();
    expect((await api.call('POST', '/codec/decode', { ...fromUi(`${CODEC_SESSION_COOKIE}=${genuine}`), body })).status).toBe(200);
    for (const [what, session] of bad) {
      const reply = await api.call('POST', '/codec/decode', { ...fromUi(`${CODEC_SESSION_COOKIE}=${session}`), body });
      expect({ what, status: reply.status, code: reply.body.error?.code }).toEqual({ what, status: 401, code: 'unauthorized' });
      expect(cookieOf(reply.headers)).toMatch(/Expires=Thu, 01 Jan 1970/);
      expect(reply.headers.get('access-control-allow-origin')).toBe(TEST_TEMPORAL_UI_ORIGIN);
    }
  });

  it('ends the sessions of a revoked supervisor key on their next request', async () => {
    const { id, key } = (await api.call('POST', '/v1/keys', { body: { role: 'supervisor' } })).body as { id: string; key: string };
    const cookie = await signIn(key);
    const body = await sealedBody();
    expect((await api.call('POST', '/codec/decode', { ...fromUi(cookie), body })).status).toBe(200);
    expect((await api.call('DELETE', `/v1/keys/${id}`)).status).toBe(204);
    expect((await api.call('POST', '/codec/decode', { ...fromUi(cookie), body })).status).toBe(401);
    expect((await api.call('GET', '/codec/session', { auth: null, headers: { Cookie: cookie } })).status).toBe(401);
  });

  it('signs out by clearing the cookie', async () => {
    const reply = await api.call('POST', '/codec/sign-out', { auth: null, headers: { Cookie: await signIn(supervisorKey) } });
    expect(reply.status).toBe(204);
    const cleared = cookieOf(reply.headers)!;
    expect(cleared).toMatch(new RegExp(`^${CODEC_SESSION_COOKIE}=;`));
    expect(cleared).toMatch(/Path=\/codec/);
    expect(cleared).toMatch(/Expires=Thu, 01 Jan 1970/);
  });

  it("answers CORS with credentials for the Temporal UI's origins only, and never with *", async () => {
    const preflight = (origin: string) =>
      api.call('OPTIONS', '/codec/decode', { auth: null, headers: { Origin: origin, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type,x-namespace' } });
    const allowed = await preflight(TEST_TEMPORAL_UI_ORIGIN);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(TEST_TEMPORAL_UI_ORIGIN);
    expect(allowed.headers.get('access-control-allow-credentials')).toBe('true');
    for (const origin of ['https://evil.example.com', 'http://localhost:8234', 'null']) {
      const refused = await preflight(origin);
      expect({ origin, allowOrigin: refused.headers.get('access-control-allow-origin'), credentials: refused.headers.get('access-control-allow-credentials') }).toEqual({ origin, allowOrigin: null, credentials: null });
    }
    // A page of another origin that gets the browser to send the cookie is refused outright.
    const cookie = await signIn(supervisorKey);
    const elsewhere = await api.call('POST', '/codec/decode', { ...fromUi(cookie, 'http://localhost:8234'), body: await sealedBody() });
    expect(elsewhere).toMatchObject({ status: 403, body: { error: { code: 'forbidden' } } });
    expect(elsewhere.headers.get('access-control-allow-origin')).toBeNull();
    // The sign-in itself is same-origin only: no CORS on it at all.
    const session = await api.call('POST', '/codec/session', { auth: null, headers: { Origin: TEST_TEMPORAL_UI_ORIGIN }, body: { key: supervisorKey } });
    expect(session.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('answers hostile sign-ins with a 4xx, never a 500', async () => {
    const hostile: Array<[string, { body?: unknown; rawBody?: string; headers?: Record<string, string> }, number]> = [
      ['not JSON', { rawBody: '{"key": ' }, 400],
      ['a NUL in the key', { body: { key: `${supervisorKey}\u0000` } }, 400],
      ['a lone surrogate', { body: { key: 'bk_sv_\ud800' } }, 400],
      ['a key that is not a string', { body: { key: 42 } }, 400],
      ['no key', { body: {} }, 400],
      ['a list', { body: [supervisorKey] }, 400],
      ['a huge body', { body: { key: 'k'.repeat(100_000) } }, 413],
      ['a long key', { body: { key: 'k'.repeat(600) } }, 400],
      ['a form post', { rawBody: `key=${supervisorKey}`, headers: { 'Content-Type': 'application/x-www-form-urlencoded' } }, 400],
      ['a charset it does not read', { rawBody: '{"key":"k"}', headers: { 'Content-Type': 'application/json; charset=latin1' } }, 415],
    ];
    for (const [what, request, status] of hostile) {
      const reply = await api.call('POST', '/codec/session', { auth: null, ...request });
      expect({ what, status: reply.status }).toEqual({ what, status });
      expect(cookieOf(reply.headers)).toBeUndefined();
    }
    const cookieJunk = ['\u00ff', 'x'.repeat(4000), `${CODEC_SESSION_COOKIE}=${'.'.repeat(3000)}`, `${CODEC_SESSION_COOKIE}=cs1.service.1.=`];
    for (const cookie of cookieJunk) {
      const reply = await api.call('POST', '/codec/decode', { ...fromUi(cookie), body: await sealedBody() });
      expect(reply.status).toBe(401);
    }
  });
});
