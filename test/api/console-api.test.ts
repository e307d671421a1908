import { randomUUID } from 'node:crypto';
import { saveArticles } from '../../db/knowledge';
import { SEED_ARTICLES } from '../../knowledge/seed-articles';
import { startTestApi, type TestApi } from '../support/api';
import { PATIENT_POLICY } from '../support/policies';

let api: TestApi;
const [agentA, agentB] = [`agent-a-${randomUUID()}`, `agent-b-${randomUUID()}`];
const team = `team-${randomUUID().slice(0, 8)}`;
let keyA: string;
let keyB: string;
let supervisorKey: string;
let heldByA: string;

const as = (key: string) => `Bearer ${key}`;

beforeAll(async () => {
  api = await startTestApi({ worker: { triggerPolicy: PATIENT_POLICY } });
  await saveArticles(api.testDb.db, SEED_ARTICLES);
  await api.call('POST', '/v1/agents', { body: { id: agentA, name: '李娜', team, skills: [{ name: 'general', level: 1 }], capacity: 3, status: 'available' } });
  await api.call('POST', '/v1/agents', { body: { id: agentB, name: 'Tom', skills: [{ name: 'general', level: 1 }], capacity: 2, status: 'away' } });
  keyA = (await api.call('POST', '/v1/keys', { body: { role: 'agent', agentId: agentA } })).body.key;
  keyB = (await api.call('POST', '/v1/keys', { body: { role: 'agent', agentId: agentB } })).body.key;
  supervisorKey = (await api.call('POST', '/v1/keys', { body: { role: 'supervisor', agentId: agentA } })).body.key;
  heldByA = (await api.call('POST', '/v1/conversations', { body: { customer: { id: `c-${randomUUID()}` }, channel: 'web' } })).body.id;
  await api.call('POST', `/v1/conversations/${heldByA}/takeover`, { body: { agentId: agentA } });
});
afterAll(() => api.stop());

describe('GET /v1/me', () => {
  it('says who a key is, with the agent behind it', async () => {
    expect((await api.call('GET', '/v1/me', { auth: as(keyA) })).body).toMatchObject({ role: 'agent', agentId: agentA, agent: { name: '李娜', team } });
    expect((await api.call('GET', '/v1/me', { auth: as(supervisorKey) })).body).toMatchObject({ role: 'supervisor', agentId: agentA });
    expect((await api.call('GET', '/v1/me')).body).toEqual({ role: 'service', agentId: null, agent: null });
  });
});

describe('GET /v1/agents', () => {
  it('lists the floor with status, load and missed offers', async () => {
    const { body } = await api.call('GET', '/v1/agents', { auth: as(keyB) });
    const a = body.agents.find((agent: { id: string }) => agent.id === agentA);
    expect(a).toMatchObject({ status: 'available', load: 1, capacity: 3, missedOffers: 0, team });
    expect(body.agents.find((agent: { id: string }) => agent.id === agentB)).toMatchObject({ status: 'away', team: 'support' });
  });
});

describe('private notes', () => {
  it('are kept for the agents holding the conversation and supervisors, never the customer', async () => {
    const added = await api.call('POST', `/v1/conversations/${heldByA}/notes`, { auth: as(keyA), body: { text: '客户情绪激动，先道歉' } });
    expect(added).toMatchObject({ status: 201, body: { agentId: agentA, authorRole: 'agent', text: '客户情绪激动，先道歉' } });
    expect((await api.call('POST', `/v1/conversations/${heldByA}/notes`, { auth: as(keyB), body: { text: 'x' } })).status).toBe(403);
    expect((await api.call('GET', `/v1/conversations/${heldByA}/notes`, { auth: as(keyB) })).status).toBe(403);
    expect((await api.call('GET', `/v1/conversations/${heldByA}/notes`, { auth: as(supervisorKey) })).body.notes).toHaveLength(1);
    expect((await api.call('POST', `/v1/conversations/${heldByA}/notes`, { auth: as(keyA), body: { text: '   ' } })).body).toMatchObject({ error: { field: 'text' } });
    // Not part of the transcript anything reads to the customer.
    const transcript = await api.call('GET', `/v1/conversations/${heldByA}/messages`);
    expect(JSON.stringify(transcript.body)).not.toContain('先道歉');
  });
});

describe('canned replies', () => {
  it('are written by supervisors and read by agents of their team', async () => {
    const draft = { team, shortcut: 'hello', title: '问候', text: '您好，很高兴为您服务', locale: 'zh-CN' };
    expect((await api.call('POST', '/v1/canned-replies', { auth: as(keyA), body: draft })).status).toBe(403);
    const created = await api.call('POST', '/v1/canned-replies', { auth: as(supervisorKey), body: draft });
    expect(created).toMatchObject({ status: 201, body: { id: expect.any(String), ...draft } });
    expect(await api.call('POST', '/v1/canned-replies', { auth: as(supervisorKey), body: draft })).toMatchObject({ status: 409, body: { error: { code: 'shortcut_taken', field: 'shortcut' } } });

    const found = await api.call('GET', '/v1/canned-replies?q=%E9%AB%98%E5%85%B4', { auth: as(keyA) });
    expect(found.body.replies.map((reply: { id: string }) => reply.id)).toEqual([created.body.id]);
    // Another team's agent does not see them, whatever team it asks for.
    expect((await api.call('GET', `/v1/canned-replies?team=${team}`, { auth: as(keyB) })).body.replies.map((r: { team: string }) => r.team)).not.toContain(team);

    const edited = await api.call('PUT', `/v1/canned-replies/${created.body.id}`, { auth: as(supervisorKey), body: { ...draft, text: '您好！' } });
    expect(edited.body.text).toBe('您好！');
    expect((await api.call('DELETE', `/v1/canned-replies/${created.body.id}`, { auth: as(supervisorKey) })).status).toBe(204);
    expect((await api.call('DELETE', `/v1/canned-replies/${created.body.id}`, { auth: as(supervisorKey) })).status).toBe(404);
    expect((await api.call('PUT', '/v1/canned-replies/not-an-id', { auth: as(supervisorKey), body: draft })).status).toBe(404);
  });
});

describe('the knowledge base', () => {
  it('is searched in the reader\'s language, zh-TW in traditional characters', async () => {
    const zh = await api.call('GET', `/v1/knowledge?q=${encodeURIComponent('退款多久到账')}&locale=zh-CN`, { auth: as(keyA) });
    expect(zh.body.articles[0]).toMatchObject({ id: expect.any(String), title: expect.stringContaining('退款'), excerpt: expect.any(String) });
    const tw = await api.call('GET', `/v1/knowledge?q=${encodeURIComponent('退款多久到賬')}&locale=zh-TW`, { auth: as(keyA) });
    expect(tw.body.articles[0].title).toMatch(/賬|帳/);
    const en = await api.call('GET', '/v1/knowledge?q=refund&locale=en', { auth: as(keyA) });
    expect(en.body.articles.length).toBeGreaterThan(0);
    const article = await api.call('GET', `/v1/knowledge/${zh.body.articles[0].id}`, { auth: as(keyA) });
    expect(article.body.body.length).toBeGreaterThan(zh.body.articles[0].excerpt.length - 2);
    expect((await api.call('GET', '/v1/knowledge/no-such-article', { auth: as(keyA) })).status).toBe(404);
    expect((await api.call('GET', '/v1/knowledge?locale=fr', { auth: as(keyA) })).body).toMatchObject({ error: { field: 'query.locale' } });
  });
});

describe('GET /v1/chart', () => {
  it('is the machine\'s chart, with the state asked for marked current', async () => {
    const chart = await api.call('GET', '/v1/chart?path=agent_assigned.offered', { auth: as(keyA) });
    expect(chart.headers.get('content-type')).toMatch(/text\/plain/);
    expect(chart.body).toMatch(/^stateDiagram-v2/);
    expect(chart.body).toContain('class offered current');
    expect((await api.call('GET', '/v1/chart?path=nowhere', { auth: as(keyA) })).body).toMatchObject({ error: { field: 'query.path' } });
  });
});

describe('the supervisor lists', () => {
  it('show a waiting conversation with its place in line and triage', async () => {
    const waiting = (await api.call('POST', '/v1/conversations', { body: { customer: { id: `c-${randomUUID()}`, locale: 'en' }, channel: 'web' } })).body.id;
    await api.call('POST', `/v1/conversations/${waiting}/messages`, { body: { text: 'I want a refund for my order' } });
    await api.call('PUT', `/v1/agents/${agentA}/status`, { body: { status: 'away' } });
    await api.call('POST', `/v1/conversations/${waiting}/handoff`, { body: {} });
    const { body } = await api.call('GET', '/v1/conversations?state=queued', { auth: as(supervisorKey) });
    const entry = body.conversations.find((c: { id: string }) => c.id === waiting);
    expect(entry).toMatchObject({ queue: { position: expect.any(Number) }, triage: { category: expect.any(String), priority: expect.any(Number), skill: expect.any(String) } });
  });
});
