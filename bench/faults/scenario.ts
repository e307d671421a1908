import { AGENTS } from '../load/scenario';
import type { FaultClient, Reply } from './client';

/** The suite's agents: bench/load's floor (skills, languages), two conversations each, so a queue builds. */
export const FAULT_AGENTS = AGENTS.map((agent) => ({ ...agent, capacity: 2 }));

/** One send a client made: the key it used every time, and the message id once a 200 said so. */
export interface Send {
  conversationId: string;
  key: string;
  text: string;
  messageId: string | null;
}

/** What one round's clients did and were told: the truth the checks hold the stack to. */
export interface Ledger {
  conversationIds: string[];
  customerSends: Send[];
  agentSends: Send[];
  /** Where each conversation's client got to, for a stuck one's report. */
  stage: Map<string, string>;
  /** Things a client could not do although it retried (each one a violation). */
  gaveUp: string[];
  counts: Record<'opened' | 'resolvedByBot' | 'askedForPerson' | 'handedOverByBotOutage' | 'served' | 'resolvedByAgent' | 'accepted' | 'declined' | 'acceptRefused' | 'backFromAway', number>;
}

export function createLedger(): Ledger {
  return {
    conversationIds: [], customerSends: [], agentSends: [], stage: new Map(), gaveUp: [],
    counts: { opened: 0, resolvedByBot: 0, askedForPerson: 0, handedOverByBotOutage: 0, served: 0, resolvedByAgent: 0, accepted: 0, declined: 0, acceptRefused: 0, backFromAway: 0 },
  };
}

export interface Floor {
  api: FaultClient;
  ledger: Ledger;
  random: () => number;
  /** While true, a finished conversation is followed by a new one. */
  opening: boolean;
  /** After this, a client stops waiting (the drain's limit). */
  deadline: number;
}

const QUESTIONS: Record<string, string[]> = {
  'zh-CN': ['我的订单还没到，能帮我查一下吗', '怎么申请退款', '我的账号登录不上了', '发票怎么开'],
  en: ['Where is my order?', 'How do I get a refund?', 'I cannot log in to my account', 'How do I change my address?'],
  'zh-TW': ['我的訂單還沒到', '請問怎麼退貨', '運費怎麼算'],
};
const ASK_FOR_PERSON: Record<string, string> = { 'zh-CN': '转人工', 'zh-TW': '轉人工', en: 'I want to talk to a human agent' };
const LOCALES = ['zh-CN', 'en', 'zh-TW'] as const;
const CHANNELS = ['web', 'app', 'wechat', 'telegram'] as const;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A request for a person refused because the conversation is already with the people: escalation pending, queued or assigned. */
const handingOver = (reply: Reply) => reply.status === 409 && ['escalation_pending', 'queued', 'agent_assigned'].includes(reply.body?.error?.state);

/** A resolve that answers 409 `resolved` after retries: an earlier attempt went through. */
const resolvedAlready = (reply: Reply) => reply.status === 409 && reply.body?.error?.state === 'resolved';

async function send(floor: Floor, list: Send[], conversationId: string, path: string, key: string, body: { text: string; agentId?: string }): Promise<Reply> {
  const entry: Send = { conversationId, key, text: body.text, messageId: null };
  list.push(entry);
  const reply = await floor.api.persist('POST', path, body, { 'Idempotency-Key': key }, Math.max(0, floor.deadline - Date.now()));
  if (reply.status === 200) entry.messageId = reply.body.messageId as string;
  return reply;
}

/**
 * One conversation, both sides of it, from the bot to resolution: questions to the bot; then either
 * the customer closes it, or asks for a person, waits (queued, offered), is served by whoever
 * accepted, and that agent resolves it. Every step retries with its own key until answered.
 */
export async function conversationLife(floor: Floor, tag: string): Promise<void> {
  const { api, ledger, random } = floor;
  const index = ledger.counts.opened;
  const locale = LOCALES[index % LOCALES.length]!;
  const created = await api.persist(
    'POST', '/v1/conversations',
    { customer: { id: `faults-customer-${tag}`, name: `Customer ${tag}`, locale, phone: '+86 139 0000 0000' }, channel: CHANNELS[Math.floor(random() * CHANNELS.length)] },
    { 'Idempotency-Key': `faults-conversation-${tag}` },
  );
  if (created.status !== 201) {
    ledger.gaveUp.push(`opening conversation ${tag}: ${created.outcome}`);
    return;
  }
  const id = created.body.id as string;
  ledger.counts.opened += 1;
  ledger.conversationIds.push(id);
  const stage = (name: string) => ledger.stage.set(id, name);
  const path = `/v1/conversations/${id}`;
  let said = 0;
  const say = (text: string) => send(floor, ledger.customerSends, id, `${path}/messages`, `faults-message-${tag}-${said++}`, { text });
  const gaveUp = (what: string, reply: Reply) => {
    ledger.gaveUp.push(`${id} (${tag}) ${what}: ${reply.outcome} ${JSON.stringify(reply.body)?.slice(0, 200)}`);
  };

  stage('bot');
  const first = await say(QUESTIONS[locale]![Math.floor(random() * QUESTIONS[locale]!.length)]!);
  if (first.status !== 200) return gaveUp('first message', first);
  // With the bot unreachable (its database down), the first message itself hands over: bot_unavailable.
  const handedOver = first.body.state !== 'bot';
  await pause(random() * 6_000);
  if (!handedOver && random() < 0.2) {
    stage('resolving (bot)');
    const closed = await api.persist('POST', `${path}/resolve`, {}, {}, Math.max(0, floor.deadline - Date.now()));
    if (closed.status === 200 || resolvedAlready(closed)) {
      ledger.counts.resolvedByBot += 1;
      stage('resolved');
    } else gaveUp('resolve by the customer', closed);
    return;
  }

  ledger.counts[handedOver ? 'handedOverByBotOutage' : 'askedForPerson'] += 1;
  stage('asking for a person');
  const asked = handedOver ? null : random() < 0.5 ? await say(ASK_FOR_PERSON[locale]!) : await api.persist('POST', `${path}/handoff`, { source: 'menu' }, { 'Idempotency-Key': `faults-handoff-${tag}` });
  // A 409 naming a handoff state: the bot handed over in between (an outage of the bot's database), so the customer waits all the same.
  if (asked && asked.status !== 200 && !handingOver(asked)) return gaveUp('asking for a person', asked);
  if (asked?.status === 200 && asked.body.state === 'bot') {
    const confirmed = await api.persist('POST', `${path}/handoff`, { source: 'menu' }, { 'Idempotency-Key': `faults-handoff-confirm-${tag}` });
    if (confirmed.status !== 200) return gaveUp('confirming the handoff', confirmed);
  }

  let agentReplies = 0;
  for (;;) {
    stage('waiting for an agent');
    let holder: string | null = null;
    while (!holder) {
      if (Date.now() > floor.deadline) return;
      await pause(1_000 + random() * 1_000);
      const seen = await api.call('GET', path);
      if (seen.status !== 200) continue;
      if (seen.body.state === 'resolved') {
        ledger.gaveUp.push(`${id} (${tag}) resolved while its customer was waiting for an agent`);
        return;
      }
      if (seen.body.state === 'agent_assigned' && seen.body.assignment?.status === 'active') holder = seen.body.assignment.agentId as string;
    }
    ledger.counts.served += 1;
    stage(`served by ${holder}`);
    const thanks = await say(locale === 'en' ? 'Thanks, my order number is SO-1234' : '谢谢，订单号是SO-1234');
    if (thanks.status !== 200) return gaveUp('writing to the agent', thanks);
    const answered = await send(floor, ledger.agentSends, id, `${path}/agent-messages`, `faults-agent-message-${tag}-${agentReplies++}`, {
      agentId: holder,
      text: '您好，已经为您处理好了 / All sorted for you.',
    });
    if (answered.status === 409) continue; // no longer this agent's (an offer moved on): wait for the next one
    if (answered.status !== 200) return gaveUp('the agent answering', answered);
    await pause(1_000 + random() * 4_000);
    stage(`resolving (${holder})`);
    const resolved = await api.persist('POST', `${path}/resolve`, { agentId: holder }, {}, Math.max(0, floor.deadline - Date.now()));
    if (resolved.status === 200 || resolvedAlready(resolved)) {
      ledger.counts.resolvedByAgent += 1;
      stage('resolved');
      return;
    }
    if (resolved.status === 409) continue;
    return gaveUp('the agent resolving', resolved);
  }
}

/** `size` conversations in flight at once, each followed by the next while the floor is opening. */
export async function population(floor: Floor, round: number, size: number): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: size }, async (_, slot) => {
      await pause(slot * 150); // not all at the same instant
      while (floor.opening && Date.now() < floor.deadline) await conversationLife(floor, `r${round}-${next++}`);
    }),
  );
}

/**
 * One agent at the desk: offers accepted after a moment (so some stand `offered`), one in ten
 * declined; back to available when the stack set them away for missed offers (an outage makes those).
 */
export async function agentDesk(floor: Floor, agentId: string, until: () => boolean): Promise<void> {
  const { api, ledger, random } = floor;
  const handled = new Set<string>();
  let lastStatusCheck = 0;
  while (!until()) {
    if (Date.now() - lastStatusCheck > 5_000) {
      lastStatusCheck = Date.now();
      const me = await api.call('GET', `/v1/agents/${agentId}`);
      if (me.status === 200 && me.body.status !== 'available') {
        const back = await api.persist('PUT', `/v1/agents/${agentId}/status`, { status: 'available' }, {}, 30_000);
        if (back.status === 200) ledger.counts.backFromAway += 1;
      }
    }
    const desk = await api.call('GET', `/v1/agents/${agentId}/conversations`);
    for (const item of desk.status === 200 ? (desk.body.conversations as Array<{ conversationId: string; status: string; assignedAt: string }>) : []) {
      if (item.status !== 'offered' || handled.has(`${item.conversationId}:${item.assignedAt}`)) continue;
      handled.add(`${item.conversationId}:${item.assignedAt}`);
      const path = `/v1/conversations/${item.conversationId}`;
      void (async () => {
        await pause(random() * 3_000);
        if (random() < 0.1) {
          const declined = await api.persist('POST', `${path}/decline`, { agentId }, {}, 30_000);
          if (declined.status === 200) ledger.counts.declined += 1;
          return;
        }
        const accepted = await api.persist('POST', `${path}/accept`, { agentId }, {}, 30_000);
        if (accepted.status === 200) ledger.counts.accepted += 1;
        else ledger.counts.acceptRefused += 1; // the offer ran out, or an earlier attempt went through
      })();
    }
    await pause(500 + random() * 500);
  }
}
