import { randomUUID } from 'node:crypto';
import { createActivities, type ActivityDependencies } from '../../activities';
import { DeliveryFailure, type ChannelSender } from '../../channels/delivery';
import { createPostgresCustomerProvider } from '../../customers/postgres-provider';
import { storeMessage } from '../../db/messages';
import { claimAgentFor } from '../../routing/claims';
import { workerRegistry } from '../../observability/metrics';
import { serveMetrics, type MetricsServer } from '../../observability/metrics-server';
import { startTestApi, type TestApi } from '../support/api';
import { aConversation, anAgent, general } from '../support/fixtures';
import { PATIENT_POLICY } from '../support/policies';
import { eventually } from '../support/temporal';

/**
 * The metrics, through a real handoff: the API, worker, Temporal and Postgres. Escalations, offers
 * accepted, declined and run out, a refused accept, bot replies and a delivery that fails are made
 * here, then both scrapes are read — the API's `/metrics` and the worker's registry on a port of
 * its own — and every number is compared with what happened (and what the database holds).
 */

/** A telegram that refuses everything, as a customer who blocked the bot would. */
const refusingTelegram: ChannelSender = {
  channel: 'telegram',
  send: async () => {
    throw new DeliveryFailure('telegram:403', 'the customer blocked the bot', false);
  },
};

let api: TestApi;
let workerMetrics: MetricsServer;

beforeAll(async () => {
  api = await startTestApi({ offerPolicy: { timeoutSeconds: 2, awayAfterMissed: 3 }, worker: { triggerPolicy: PATIENT_POLICY, channelSenders: { telegram: refusingTelegram } } });
  workerMetrics = await serveMetrics(() => [workerRegistry], { port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await workerMetrics?.close();
  await api?.stop();
});

/** One sample per line: `name{label="value",…} number`, keyed by name and labels as written. */
type Samples = Map<string, number>;

function parse(text: string): Samples {
  const samples: Samples = new Map();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][\w:]*)(\{.*\})?\s+(\S+)$/.exec(line);
    if (!match) throw new Error(`not a Prometheus sample: ${line}`);
    samples.set(`${match[1]}${match[2] ?? ''}`, Number(match[3]));
  }
  return samples;
}

/** The key of one sample, its labels in the order prom-client writes them (as declared, then `le`). */
const sample = (name: string, labels: Record<string, string> = {}) => {
  const written = Object.entries(labels).map(([key, value]) => `${key}="${value}"`);
  return written.length ? `${name}{${written.join(',')}}` : name;
};

async function scrapeApi(): Promise<string> {
  const response = await api.call('GET', '/metrics');
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return response.body as string;
}

async function scrapeWorker(): Promise<string> {
  const response = await fetch(`http://127.0.0.1:${workerMetrics.port}/metrics`);
  expect(response.status).toBe(200);
  return response.text();
}

/** How far each sample moved between two scrapes (absent before counts as 0). */
const moved = (before: Samples, after: Samples) => (key: string) => (after.get(key) ?? 0) - (before.get(key) ?? 0);

/** Whatever the test made that belongs to a customer or names someone: none of it may appear in the metrics. */
const secrets: string[] = [];

async function agent(name: string, status: 'available' | 'offline' = 'available') {
  const id = `agent-${randomUUID()}`;
  secrets.push(id);
  const created = await api.call('POST', '/v1/agents', { body: { id, name, skills: [{ name: 'general', level: 3 }], capacity: 1, status } });
  expect(created.status).toBe(201);
  return id;
}

async function conversation(channel: 'web' | 'telegram' = 'web') {
  const customer = { id: `cust-${randomUUID()}`, name: `Kundin ${randomUUID().slice(0, 8)}`, email: `k${randomUUID().slice(0, 8)}@example.com`, locale: 'en' };
  secrets.push(customer.id, customer.name, customer.email);
  const created = await api.call('POST', '/v1/conversations', { body: { customer, channel } });
  expect(created.status).toBe(201);
  secrets.push(created.body.id);
  return created.body.id as string;
}

async function say(id: string) {
  const text = `zqxv ${randomUUID()} blorp`;
  secrets.push(text);
  const turn = await api.call('POST', `/v1/conversations/${id}/messages`, { body: { text } });
  expect(turn.status).toBe(200);
  expect(turn.body.replies).toHaveLength(1);
  return turn;
}

const handoff = async (id: string, body: { source: 'menu' | 'service' }) => expect((await api.call('POST', `/v1/conversations/${id}/handoff`, { body })).status).toBe(200);
const record = async (id: string) => (await api.call('GET', `/v1/conversations/${id}`)).body;
const offeredTo = (id: string, agentId: string) =>
  eventually(async () => {
    const current = await record(id);
    return current.assignment?.agentId === agentId && current.assignment.status === 'offered' && current.assignment.offerExpiresAt ? current : undefined;
  });
const queued = (id: string) => eventually(async () => ((await record(id)).state === 'queued' ? true : undefined));

describe('GET /metrics on the API', () => {
  it('wants the service key or a supervisor key', async () => {
    expect(await api.call('GET', '/metrics', { auth: null })).toMatchObject({ status: 401, body: { error: { code: 'unauthorized' } } });
    expect((await api.call('GET', '/metrics', { auth: 'Bearer not-a-key' })).status).toBe(401);
    const agentId = await agent('Desk', 'offline');
    const agentKey = (await api.call('POST', '/v1/keys', { body: { role: 'agent', agentId } })).body.key as string;
    expect(await api.call('GET', '/metrics', { auth: `Bearer ${agentKey}` })).toMatchObject({ status: 403, body: { error: { code: 'forbidden' } } });
    const supervisorKey = (await api.call('POST', '/v1/keys', { body: { role: 'supervisor' } })).body.key as string;
    const served = await api.call('GET', '/metrics', { auth: `Bearer ${supervisorKey}` });
    expect(served.status).toBe(200);
    expect(served.body).toContain('# TYPE baton_http_request_duration_seconds histogram');
    // The worker's metrics are the worker's: this API runs without a worker in its process.
    expect(served.body).not.toContain('baton_offers_total');
  });
});

describe('a handoff, measured', () => {
  it('counts and times escalations, offers, bot replies, refusals and failed deliveries, reads the floor from Postgres, and names no customer', async () => {
    const apiBefore = parse(await scrapeApi());
    const workerBefore = parse(await scrapeWorker());
    const startedAt = Date.now();

    // Accepted: the only agent on duty is offered the first conversation, chosen from the menu, and takes it.
    const first = await agent('Ada');
    const one = await conversation();
    await say(one);
    await handoff(one, { source: 'menu' });
    await offeredTo(one, first);
    expect((await api.call('POST', `/v1/conversations/${one}/accept`, { body: { agentId: first } })).status).toBe(200);

    // Declined: a second agent comes on duty, is offered the next one, passes; nobody else is free, so it waits.
    const second = await agent('Bo');
    const two = await conversation();
    await handoff(two, { source: 'service' });
    await offeredTo(two, second);
    expect((await api.call('POST', `/v1/conversations/${two}/decline`, { body: { agentId: second } })).status).toBe(200);
    await queued(two);

    // Timed out: the second agent lets the third run out (2 s here); then it is too late to accept — a refused transition.
    const three = await conversation();
    await handoff(three, { source: 'service' });
    await offeredTo(three, second);
    await queued(three);
    const late = await api.call('POST', `/v1/conversations/${three}/accept`, { body: { agentId: second } });
    expect(late).toMatchObject({ status: 409, body: { error: { code: 'transition_refused' } } });

    // A bot reply to a Telegram customer whose channel refuses it: a failed delivery.
    const four = await conversation('telegram');
    await say(four);
    const failedDeliveries = await eventually(async () => {
      const failed = await api.testDb.db.query<{ n: number }>(`select count(*)::int as n from outbox_deliveries where conversation_id = $1 and target = 'channel' and status = 'failed'`, [four]);
      return failed.rows[0]!.n > 0 ? failed.rows[0]!.n : undefined;
    });

    // A path no route knows, with an id in it.
    const stray = randomUUID();
    secrets.push(stray);
    expect((await api.call('GET', `/v1/nowhere/${stray}`)).status).toBe(404);

    const elapsed = (Date.now() - startedAt) / 1000;
    const apiText = await scrapeApi();
    const workerText = await eventually(async () => {
      // The worker counts a failed delivery when its activity has run: read until it has.
      const text = await scrapeWorker();
      return moved(workerBefore, parse(text))(sample('baton_deliveries_failed_total', { channel: 'telegram', target: 'channel' })) > 0 ? text : undefined;
    });
    const apiMoved = moved(apiBefore, parse(apiText));
    const workerMoved = moved(workerBefore, parse(workerText));
    const after = parse(workerText);

    // Escalations by trigger: one the customer chose from the menu, two a backend service asked for.
    expect(workerMoved(sample('baton_escalations_total', { trigger: 'menu' }))).toBe(1);
    expect(workerMoved(sample('baton_escalations_total', { trigger: 'service_request' }))).toBe(2);

    // Offers by outcome: one of each.
    for (const outcome of ['accepted', 'declined', 'timed_out']) expect([outcome, workerMoved(sample('baton_offers_total', { outcome }))]).toEqual([outcome, 1]);

    // Request → first offer: once per handoff that reached an agent (three), never again for the re-offers.
    expect(workerMoved(sample('baton_handoff_offer_seconds_count', { skill: 'general' }))).toBe(3);
    const offerSeconds = workerMoved(sample('baton_handoff_offer_seconds_sum', { skill: 'general' }));
    expect(offerSeconds).toBeGreaterThanOrEqual(0);
    expect(offerSeconds).toBeLessThan(3 * elapsed);
    // Offer → accept: the one acceptance, timed between the database's own timestamps.
    expect(workerMoved(sample('baton_handoff_accept_seconds_count', { skill: 'general' }))).toBe(1);
    const accepted = await api.testDb.db.query<{ seconds: number }>(
      'select extract(epoch from accepted_at - assigned_at)::float8 as seconds from assignments where conversation_id = $1 and agent_id = $2',
      [one, first],
    );
    expect(workerMoved(sample('baton_handoff_accept_seconds_sum', { skill: 'general' }))).toBeCloseTo(accepted.rows[0]!.seconds, 3);
    // A histogram's buckets are cumulative: the +Inf bucket holds every observation.
    expect(workerMoved(sample('baton_handoff_accept_seconds_bucket', { le: '+Inf', skill: 'general' }))).toBe(1);

    // Bot replies: one to each of the two customers who wrote, both fallbacks (the bot knew no answer).
    const botReplies = await api.testDb.db.query<{ n: number }>(`select count(*)::int as n from messages where conversation_id = any($1::uuid[]) and sender = 'bot' and in_reply_to is not null`, [[one, two, three, four]]);
    expect(botReplies.rows[0]!.n).toBe(2);
    expect(workerMoved(sample('baton_bot_reply_seconds_count', { kind: 'fallback' }))).toBe(2);

    // Failed deliveries: as many as the database marked failed.
    expect(workerMoved(sample('baton_deliveries_failed_total', { channel: 'telegram', target: 'channel' }))).toBe(failedDeliveries);

    // HTTP: by route template, method and status; the 409 also counted as a refused transition.
    expect(apiMoved(sample('baton_http_request_duration_seconds_count', { route: '/v1/conversations/:id/handoff', method: 'POST', status: '200' }))).toBe(3);
    expect(apiMoved(sample('baton_http_request_duration_seconds_count', { route: '/v1/conversations/:id/accept', method: 'POST', status: '200' }))).toBe(1);
    expect(apiMoved(sample('baton_http_request_duration_seconds_count', { route: '/v1/conversations/:id/accept', method: 'POST', status: '409' }))).toBe(1);
    expect(apiMoved(sample('baton_http_request_duration_seconds_count', { route: '/v1/conversations', method: 'POST', status: '201' }))).toBe(4);
    expect(apiMoved(sample('baton_http_request_duration_seconds_count', { route: 'unmatched', method: 'GET', status: '404' }))).toBe(1);
    expect(apiMoved(sample('baton_refused_transitions_total', { route: '/v1/conversations/:id/accept', code: 'transition_refused' }))).toBe(1);

    // The floor, as Postgres has it now: two waiting for `general`; the first agent full, the second free.
    const apiAfter = parse(apiText);
    expect(apiAfter.get(sample('baton_waiting_conversations', { skill: 'general' }))).toBe(2);
    expect(apiAfter.get(sample('baton_free_agent_slots', { skill: 'general' }))).toBe(1);
    const floor = await api.testDb.db.query<{ waiting: number; free: number }>(
      `select (select count(*)::int from queue_entries where skill = 'general') as waiting,
              (select coalesce(sum(a.capacity - a.load), 0)::int from agents a join agent_skills s on s.agent_id = a.id where s.skill = 'general' and a.status = 'available') as free`,
    );
    expect(floor.rows[0]).toEqual({ waiting: 2, free: 1 });

    // Nothing a customer said or is, and no id, appears anywhere in either scrape.
    expect(secrets.length).toBeGreaterThan(20);
    for (const text of [apiText, workerText]) {
      const found = secrets.filter((secret) => text.includes(secret));
      expect(found).toEqual([]);
    }
    expect(after.size).toBeGreaterThan(0);
  }, 60_000);

  it('keeps the gauges to what Postgres holds at each scrape: a conversation served leaves the queue', async () => {
    const before = parse(await scrapeApi());
    const waiting = before.get(sample('baton_waiting_conversations', { skill: 'general' }));
    expect(waiting).toBeGreaterThan(0);
    // A new agent on duty takes one waiting conversation (capacity 1): one fewer waits, and no slot is free for it.
    await agent('Cy');
    const rows = await eventually(async () => {
      const counted = await api.testDb.db.query<{ n: number }>(`select count(*)::int as n from queue_entries where skill = 'general'`);
      return counted.rows[0]!.n < waiting! ? counted.rows[0]!.n : undefined;
    });
    const after = parse(await scrapeApi());
    expect(after.get(sample('baton_waiting_conversations', { skill: 'general' }))).toBe(rows);
    expect(rows).toBe(waiting! - 1);
  }, 30_000);
});

describe('an activity retried', () => {
  it('is counted once: the database says which attempt wrote the event', async () => {
    const { db } = api.testDb;
    const dependencies: ActivityDependencies = { db, notifyAssignment: async () => undefined, customerData: createPostgresCustomerProvider(db), triggerPolicy: PATIENT_POLICY };
    const activities = createActivities(dependencies);
    const skill = `retry-skill-${randomUUID().slice(0, 8)}`;
    const before = parse(await scrapeWorker());

    // The escalation recorded, and the first offer: each state change recorded twice, as a retry would.
    const conversation = await aConversation(db);
    const agentId = (await anAgent(db, { skills: [{ name: skill, level: 3 }], autoAccept: false })).id;
    const escalatedAt = new Date(Date.now() - 5000).toISOString();
    const escalation = { conversationId: conversation.id, state: 'escalation_pending' as const, path: 'escalation_pending.looking_up_customer', escalation: { trigger: 'keyword' as const, messageId: null, evidence: null, at: escalatedAt }, agentId: null, outcome: null, at: escalatedAt };
    await activities.recordState(escalation);
    await activities.recordState(escalation);
    expect(await claimAgentFor(db, { conversationId: conversation.id, requirement: general({ skill }), channel: 'web' })).toMatchObject({ agentId, accepted: false });
    const offered = { conversationId: conversation.id, state: 'agent_assigned' as const, path: 'agent_assigned.offered', escalation: null, agentId, outcome: null, at: new Date().toISOString() };
    await activities.recordState(offered);
    await activities.recordState(offered);

    // The acceptance, twice.
    expect(await activities.acceptOffer({ conversationId: conversation.id, agentId })).toBe(true);
    expect(await activities.acceptOffer({ conversationId: conversation.id, agentId })).toBe(true);

    // A bot turn, twice with one step key; and a delivery given up on, twice.
    const asked = await storeMessage(db, { conversationId: conversation.id, sender: 'customer', text: `qwzx ${randomUUID()}`, dedupeKey: `customer:${randomUUID()}` });
    const turn = { conversationId: conversation.id, messageId: asked.message.id, text: asked.message.text, locale: 'en' as const, stepKey: `turn-${randomUUID()}` };
    await activities.answerAsBot(turn);
    await activities.answerAsBot(turn);
    const outbox = await db.query<{ id: string }>(`select id from outbox where conversation_id = $1 and event_type = 'message.created' order by id limit 1`, [conversation.id]);
    const failure = { outboxId: Number(outbox.rows[0]!.id), target: 'channel', code: 'telegram:403', reason: 'blocked', attempts: 1 };
    await activities.deliveryFailed(failure);
    await activities.deliveryFailed(failure);

    const workerMoved = moved(before, parse(await scrapeWorker()));
    expect(workerMoved(sample('baton_escalations_total', { trigger: 'keyword' }))).toBe(1);
    expect(workerMoved(sample('baton_handoff_offer_seconds_count', { skill }))).toBe(1);
    // Timed from the escalation's own time, 5 s before the offer was recorded.
    expect(workerMoved(sample('baton_handoff_offer_seconds_sum', { skill }))).toBeGreaterThanOrEqual(5);
    expect(workerMoved(sample('baton_offers_total', { outcome: 'accepted' }))).toBe(1);
    expect(workerMoved(sample('baton_handoff_accept_seconds_count', { skill }))).toBe(1);
    expect(workerMoved(sample('baton_bot_reply_seconds_count', { kind: 'fallback' }))).toBe(1);
    expect(workerMoved(sample('baton_deliveries_failed_total', { channel: 'web', target: 'channel' }))).toBe(1);
  });
});
