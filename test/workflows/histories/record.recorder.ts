import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { parseCodecKeys } from '../../../config/codec-keys';
import { routingPolicySchema } from '../../../routing/requirements';
import { encryptionCodec } from '../../../temporal/codec';
import { conversationWorkflowId } from '../../../workflows/definitions';
import { startTestApi, type TestApi } from '../../support/api';
import { PATIENT_POLICY } from '../../support/policies';
import { decodeHistoryPayloads } from '../../support/history-payloads';
import { eventually, testCodecKeys } from '../../support/temporal';
import { FIXTURE_PATHS, type FixtureName } from './paths';

/**
 * `npm run histories:record`: drives one conversation down each path a workflow change must keep
 * replaying (test/workflows/histories/paths.ts), on the real stack with short timers, and saves
 * each finished workflow's history as a fixture beside this file. Run it on purpose, when a
 * release is cut or a change is meant to break replay (see the README, "Changing the workflow").
 */
const OUT = __dirname;
let api: TestApi;
const saved = new Set<FixtureName>();

beforeAll(async () => {
  api = await startTestApi({
    queueRecheckSeconds: 1,
    waitPolicy: { reminderSeconds: 2, callbackOfferSeconds: 600 },
    offerPolicy: { timeoutSeconds: 2, awayAfterMissed: 5 },
    worker: {
      triggerPolicy: PATIENT_POLICY,
      routingPolicy: routingPolicySchema.parse({
        rules: [
          { when: { categories: ['complaint'] }, skill: 'complaints', minLevel: 3, relax: [{ afterSeconds: 3, minLevel: 1 }] },
          { when: { categories: ['orders', 'shipping'] }, skill: 'orders', minLevel: 1, relax: [{ afterSeconds: 600, skill: 'general', minLevel: 1 }] },
        ],
        fallback: { skill: 'general' },
      }),
    },
  });
  mkdirSync(OUT, { recursive: true });
});
afterAll(async () => {
  await api.stop();
  expect([...saved].sort()).toEqual(Object.keys(FIXTURE_PATHS).sort());
});

const call = async (method: string, url: string, body?: unknown) => {
  const reply = await api.call(method, url, body === undefined ? {} : { body });
  if (reply.status >= 300) throw new Error(`${method} ${url} → ${reply.status} ${JSON.stringify(reply.body)}`);
  return reply.body;
};
const agent = (id: string, skills: Array<{ name: string; level: number }>, extra: Record<string, unknown> = {}) =>
  call('POST', '/v1/agents', { id, name: id, skills, capacity: 2, status: 'available', ...extra });
const away = (id: string) => call('PUT', `/v1/agents/${id}/status`, { status: 'offline' });
const open = async (locale = 'en') => (await call('POST', '/v1/conversations', { customer: { id: `c-${randomUUID()}`, locale, phone: '+86 139 0000 0000' }, channel: 'web' })).id as string;
const say = (id: string, text: string) => call('POST', `/v1/conversations/${id}/messages`, { text });
const stateOf = async (id: string) => (await call('GET', `/v1/conversations/${id}`)) as { state: string; assignment: { agentId: string; status: string } | null };
const until = (id: string, check: (c: Awaited<ReturnType<typeof stateOf>>) => boolean, timeoutMs = 15_000) =>
  eventually(async () => {
    const current = await stateOf(id);
    return check(current) ? current : undefined;
  }, timeoutMs);

async function save(name: FixtureName, conversationId: string): Promise<void> {
  const handle = api.temporal.client.workflow.getHandle(conversationWorkflowId(conversationId));
  await handle.result();
  const description = await handle.describe();
  // Every run: the first (from the start) and, after continue-as-new, the last (from carried state).
  const runs = new Set([description.raw.workflowExecutionInfo?.firstRunId || description.runId, description.runId]);
  let index = 0;
  for (const runId of runs) {
    // Saved decoded: the run's codec key dies with the run, and a fixture must replay on any later one.
    const encrypted = await api.temporal.client.workflow.getHandle(conversationWorkflowId(conversationId), runId).fetchHistory();
    const history = await decodeHistoryPayloads(encrypted, encryptionCodec(parseCodecKeys(testCodecKeys())));
    const file = runs.size === 1 ? `${name}.json` : `${name}.run${++index}.json`;
    writeFileSync(path.join(OUT, file), `${historyToJSON(history)}\n`);
  }
  saved.add(name);
}

it('records the bot answering and a service closing the conversation', async () => {
  const id = await open();
  await say(id, 'Where is my order?');
  await say(id, 'Do you ship abroad?');
  await call('POST', `/v1/conversations/${id}/messages/${(await say(id, 'How do I change my address?')).replies[0].id}/feedback`, { helpful: true });
  await call('POST', `/v1/conversations/${id}/resolve`, {});
  await save('bot-answers-resolved-by-service', id);
});

it('records a keyword request, the queue with reminders and relaxation, an offer accepted, the agent answering and resolving', async () => {
  const id = await open('zh-CN');
  await say(id, '我要投诉，你们的服务太差了');
  await say(id, '转人工');
  await until(id, (c) => c.state === 'queued');
  // Nobody with complaints ≥ 3 is free, though one is on duty: reminders every 2 s, relaxed to ≥ 1 after 3 s.
  await agent('rec-senior', [{ name: 'complaints', level: 3 }], { status: 'away' });
  await agent('rec-junior', [{ name: 'complaints', level: 1 }]);
  await until(id, (c) => c.assignment?.status === 'offered');
  await call('POST', `/v1/conversations/${id}/accept`, { agentId: 'rec-junior' });
  await say(id, '订单号是SO-1234');
  await call('POST', `/v1/conversations/${id}/agent-messages`, { agentId: 'rec-junior', text: '您好，我来处理' });
  await call('POST', `/v1/conversations/${id}/resolve`, { agentId: 'rec-junior' });
  await away('rec-junior');
  await away('rec-senior');
  await save('keyword-queued-reminded-relaxed-accepted-resolved', id);
});

it('records an offer declined, the next one timed out, and the third accepted', async () => {
  await agent('rec-a', [{ name: 'general', level: 5 }]);
  await agent('rec-b', [{ name: 'general', level: 4 }]);
  await agent('rec-c', [{ name: 'general', level: 3 }]);
  const id = await open();
  await call('POST', `/v1/conversations/${id}/handoff`, { source: 'menu' });
  const first = await until(id, (c) => c.assignment?.status === 'offered');
  await call('POST', `/v1/conversations/${id}/decline`, { agentId: first.assignment!.agentId });
  const second = await until(id, (c) => c.assignment?.status === 'offered' && c.assignment.agentId !== first.assignment!.agentId);
  // No answer: after 2 s the offer runs out and goes on.
  const third = await until(id, (c) => c.assignment?.status === 'offered' && ![first, second].some((o) => o.assignment!.agentId === c.assignment!.agentId));
  await call('POST', `/v1/conversations/${id}/accept`, { agentId: third.assignment!.agentId });
  await call('POST', `/v1/conversations/${id}/resolve`, { agentId: third.assignment!.agentId });
  for (const a of ['rec-a', 'rec-b', 'rec-c']) await away(a);
  await save('offer-declined-timed-out-accepted', id);
});

it('records transfers to a colleague and back to the queue for another skill', async () => {
  await agent('rec-first', [{ name: 'general', level: 3 }], { autoAccept: true });
  const id = await open();
  await call('POST', `/v1/conversations/${id}/handoff`, { source: 'service' });
  await until(id, (c) => c.assignment?.status === 'active');
  await agent('rec-colleague', [{ name: 'general', level: 3 }], { autoAccept: true });
  await call('POST', `/v1/conversations/${id}/transfer`, { agentId: 'rec-first', toAgentId: 'rec-colleague', note: 'VIP' });
  await agent('rec-billing', [{ name: 'billing', level: 2 }], { autoAccept: true });
  await call('POST', `/v1/conversations/${id}/transfer`, { agentId: 'rec-colleague', skill: 'billing', minLevel: 2, note: 'refund' });
  await until(id, (c) => c.assignment?.agentId === 'rec-billing' && c.assignment.status === 'active');
  await call('POST', `/v1/conversations/${id}/resolve`, { agentId: 'rec-billing' });
  for (const a of ['rec-first', 'rec-colleague', 'rec-billing']) await away(a);
  await save('transferred-to-colleague-and-to-skill', id);
});

it('records an agent taking over a live bot conversation', async () => {
  await agent('rec-watcher', [{ name: 'general', level: 3 }]);
  const id = await open();
  await say(id, 'Where is my order?');
  await call('POST', `/v1/conversations/${id}/takeover`, { agentId: 'rec-watcher' });
  await call('POST', `/v1/conversations/${id}/resolve`, { agentId: 'rec-watcher' });
  await away('rec-watcher');
  await save('taken-over-from-the-bot', id);
});

it('records a customer leaving the queue with a callback request', async () => {
  const id = await open();
  await call('POST', `/v1/conversations/${id}/handoff`, { source: 'menu' });
  await until(id, (c) => c.state === 'queued');
  await call('POST', `/v1/conversations/${id}/leave-queue`, { choice: 'callback' });
  await save('left-the-queue-for-a-callback', id);
});

it('records a queued customer raised by what they write while waiting, then served', async () => {
  const id = await open('zh-CN');
  await call('POST', `/v1/conversations/${id}/handoff`, { source: 'menu' });
  await until(id, (c) => c.state === 'queued');
  await say(id, '再不处理我就去法院起诉你们');
  await say(id, '好的，我再等等');
  await agent('rec-complaints', [{ name: 'complaints', level: 3 }], { autoAccept: true });
  await until(id, (c) => c.assignment?.status === 'active');
  await call('POST', `/v1/conversations/${id}/resolve`, { agentId: 'rec-complaints' });
  await away('rec-complaints');
  await save('waiting-room-raised', id);
});

it('records a routing step nobody on duty could meet, skipped at once', async () => {
  await agent('rec-general', [{ name: 'general', level: 2 }], { autoAccept: true });
  const id = await open();
  await say(id, 'Where is my order? It has not arrived');
  await call('POST', `/v1/conversations/${id}/handoff`, { source: 'menu' });
  await until(id, (c) => c.assignment?.status === 'active');
  await call('POST', `/v1/conversations/${id}/resolve`, { agentId: 'rec-general' });
  await away('rec-general');
  await save('unstaffed-step-skipped', id);
});

it('records a long conversation that continues as new and is then handed over', async () => {
  const id = await open();
  for (let turn = 0; turn < 30; turn += 1) await say(id, `Question ${turn}: do you ship abroad?`);
  await say(id, 'I want to talk to a human agent');
  await until(id, (c) => c.state === 'queued');
  await call('POST', `/v1/conversations/${id}/resolve`, {});
  await save('continued-as-new', id);
}, 120_000);
