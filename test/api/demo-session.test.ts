import { startTestApi, type TestApi } from '../support/api';
import { PATIENT_POLICY } from '../support/policies';

let api: TestApi;

beforeAll(async () => {
  api = await startTestApi({ worker: { triggerPolicy: PATIENT_POLICY }, demo: true });
});
afterAll(() => api.stop());

const session = async (body: unknown) => {
  const response = await fetch(`${api.baseUrl}/demo/session`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as any };
};

describe('POST /demo/session (the demo shop\'s backend)', () => {
  it('opens a conversation with a customer token, and resumes it while it is open', async () => {
    const opened = await session({ locale: 'en' });
    expect(opened).toMatchObject({ status: 201, body: { conversationId: expect.any(String), token: expect.stringMatching(/^ct1\./), resumed: false } });
    const { conversationId, token } = opened.body;
    expect(await session({ locale: 'en', resume: { conversationId, token } })).toMatchObject({ status: 200, body: { conversationId, token, expiresAt: opened.body.expiresAt, resumed: true } });

    // A token for another conversation does not resume this one.
    const other = (await session({ locale: 'zh-CN' })).body;
    const mixed = await session({ locale: 'en', resume: { conversationId, token: other.token } });
    expect(mixed.body.conversationId).not.toBe(conversationId);

    await api.call('POST', `/v1/conversations/${conversationId}/resolve`, { body: {} });
    const after = await session({ locale: 'en', resume: { conversationId, token } });
    expect(after).toMatchObject({ status: 201, body: { resumed: false } });
    expect(after.body.conversationId).not.toBe(conversationId);
  });

  it('refuses a bad body with a 400 naming the field', async () => {
    expect(await session({ locale: 'fr' })).toMatchObject({ status: 400, body: { error: { field: 'locale' } } });
    expect(await session({ resume: { conversationId: 'x', token: 't' } })).toMatchObject({ status: 400, body: { error: { field: 'resume.conversationId' } } });
    expect(await session({ locale: 'en\u0000' })).toMatchObject({ status: 400 });
  });

  it('exists only in the embedded demo', async () => {
    const production = await startTestApi();
    try {
      expect((await fetch(`${production.baseUrl}/demo/session`, { method: 'POST' })).status).toBe(404);
      expect((await fetch(`${production.baseUrl}/demo`)).status).toBe(404);
      expect((await fetch(`${production.baseUrl}/console`)).status).toBe(200);
      expect((await fetch(`${production.baseUrl}/widget.js`)).headers.get('access-control-allow-origin')).toBe('*');
    } finally {
      await production.stop();
    }
  });
});
