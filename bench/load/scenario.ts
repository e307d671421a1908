import { seededRandom, seedOf } from '../../routing/eta/random';
import type { LoadClient } from './client';

/** What the customers were told succeeded: every message that got a 200, by conversation. */
export interface Acknowledged {
  conversationIds: string[];
  messages: Map<string, Array<{ messageId: string; text: string }>>;
}

export interface ScenarioCounts {
  conversations: number;
  messages: number;
  idempotentRetries: number;
  askedForPerson: number;
  servedByAgent: number;
  leftQueue: number;
  leftQueueRefused: number;
  stillWaitingWhenClientMovedOn: number;
  resolvedByBot: number;
  accepted: number;
  declined: number;
  acceptRefused: number;
  statusFlips: number;
  agentReplies: number;
  agentResolves: number;
}

const QUESTIONS: Record<string, string[]> = {
  'zh-CN': ['我的订单还没到，能帮我查一下吗', '怎么申请退款', '我的账号登录不上了', '你们周末上班吗', '发票怎么开', '快递到哪了'],
  'zh-TW': ['我的訂單還沒到', '請問怎麼退貨', '帳號被鎖住了怎麼辦', '運費怎麼算'],
  en: ['Where is my order?', 'How do I get a refund?', 'I cannot log in to my account', 'Do you ship abroad?', 'How do I change my address?'],
};
const ASK_FOR_PERSON: Record<string, string> = { 'zh-CN': '转人工', 'zh-TW': '轉人工', en: 'I want to talk to a human agent' };
const LOCALES = ['zh-CN', 'en', 'zh-TW'] as const;
const CHANNELS = ['web', 'app', 'wechat', 'telegram'] as const;

export const AGENTS = Array.from({ length: 10 }, (_, index) => {
  const n = index + 1;
  const specialties = [
    ['orders', 3],
    ['billing', 3],
    ['complaints', 4],
    ['account', 3],
  ].filter((_, k) => (index + k) % 2 === 0) as Array<[string, number]>;
  return {
    id: `load-agent-${n}`,
    name: `Agent ${n}`,
    capacity: 3,
    skills: [{ name: 'general', level: 3 }, ...specialties.map(([name, level]) => ({ name, level }))],
    languages: n <= 2 ? ['zh'] : n >= 9 ? ['en'] : ['zh', 'en'],
  };
});

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function createCounts(): ScenarioCounts {
  return {
    conversations: 0, messages: 0, idempotentRetries: 0, askedForPerson: 0, servedByAgent: 0, leftQueue: 0, leftQueueRefused: 0,
    stillWaitingWhenClientMovedOn: 0, resolvedByBot: 0, accepted: 0, declined: 0, acceptRefused: 0, statusFlips: 0, agentReplies: 0,
    agentResolves: 0,
  };
}

interface OpenConversation {
  id: string;
  locale: (typeof LOCALES)[number];
  say: (text: string) => Promise<{ status: number; body: any }>;
}

/** A customer opens a conversation; `say` sends a message, sometimes twice with the same key as a retrying client would. */
async function openConversation(
  api: LoadClient,
  index: number,
  counts: ScenarioCounts,
  acknowledged: Acknowledged,
  random: () => number,
): Promise<OpenConversation | null> {
  const locale = LOCALES[index % LOCALES.length]!;
  const created = await api.call(
    'POST',
    '/v1/conversations',
    {
      customer: { id: `load-customer-${index}`, name: `Customer ${index}`, locale, phone: `+86 139 0000 ${String(index).padStart(4, '0')}` },
      channel: CHANNELS[Math.floor(random() * CHANNELS.length)],
    },
    { 'Idempotency-Key': `load-conversation-${index}` },
  );
  if (created.status !== 201) return null;
  const id = created.body.id as string;
  counts.conversations += 1;
  acknowledged.conversationIds.push(id);
  acknowledged.messages.set(id, []);
  let sent = 0;
  const say = async (text: string) => {
    const key = `load-message-${index}-${sent++}`;
    let reply = await api.call('POST', `/v1/conversations/${id}/messages`, { text }, { 'Idempotency-Key': key });
    // A client that lost the answer retries with the same key: still one message.
    if (random() < 0.15) {
      counts.idempotentRetries += 1;
      const again = await api.call('POST', `/v1/conversations/${id}/messages`, { text }, { 'Idempotency-Key': key });
      if (reply.status === 200 && again.status === 200 && again.body.messageId !== reply.body.messageId) {
        api.failures.push(`a retried send of ${key} made a second message`);
      }
      if (reply.status !== 200) reply = again;
    }
    if (reply.status === 200) {
      counts.messages += 1;
      acknowledged.messages.get(id)!.push({ messageId: reply.body.messageId, text });
    }
    return reply;
  };
  return { id, locale, say };
}

/** The customer asks for a person: by typing it, or from the menu; a transfer the bot only offered is confirmed. */
async function askForPerson(api: LoadClient, conversation: OpenConversation, counts: ScenarioCounts, random: () => number): Promise<void> {
  counts.askedForPerson += 1;
  const asked =
    random() < 0.5
      ? await conversation.say(ASK_FOR_PERSON[conversation.locale]!)
      : await api.call('POST', `/v1/conversations/${conversation.id}/handoff`, { source: 'menu' });
  if (asked.status === 200 && asked.body.state === 'bot') await api.call('POST', `/v1/conversations/${conversation.id}/handoff`, { source: 'menu' });
}

/** One customer's conversation: questions to the bot, and for half of them a person, waited for or given up on. */
async function customer(api: LoadClient, index: number, counts: ScenarioCounts, acknowledged: Acknowledged, random: () => number): Promise<void> {
  const conversation = await openConversation(api, index, counts, acknowledged, random);
  if (!conversation) return;
  const { id, locale, say } = conversation;
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  await say(pick(QUESTIONS[locale]!));
  if (index % 2 === 1) {
    await say(pick(QUESTIONS[locale]!));
    const closed = await api.call('POST', `/v1/conversations/${id}/resolve`, {});
    if (closed.status === 200) counts.resolvedByBot += 1;
    return;
  }
  await askForPerson(api, conversation, counts, random);

  const givesUpAfterMs = random() < 0.25 ? 1_000 + random() * 4_000 : Number.POSITIVE_INFINITY;
  const startedWaiting = Date.now();
  while (Date.now() - startedWaiting < 15_000) {
    await pause(500 + random() * 500);
    const seen = await api.call('GET', `/v1/conversations/${id}`);
    if (seen.status !== 200) continue;
    if (seen.body.state === 'resolved') return;
    if (seen.body.state === 'agent_assigned' && seen.body.assignment?.status === 'active') {
      counts.servedByAgent += 1;
      await say(locale === 'en' ? 'Thanks, my order number is SO-1234' : '谢谢，订单号是SO-1234');
      return;
    }
    if (Date.now() - startedWaiting > givesUpAfterMs) {
      const choice = random() < 0.5 ? { choice: 'abandon' } : { choice: 'callback' };
      const left = await api.call('POST', `/v1/conversations/${id}/leave-queue`, choice);
      if (left.status === 200) counts.leftQueue += 1;
      else if (left.status === 409) counts.leftQueueRefused += 1; // taken by an agent meanwhile
      return;
    }
  }
  counts.stillWaitingWhenClientMovedOn += 1;
}

/** While nobody is on duty, `count` customers ask a question and then for a person, all at once: a queue builds. */
export async function fillWaitingRoom(api: LoadClient, from: number, count: number, counts: ScenarioCounts, acknowledged: Acknowledged): Promise<string[]> {
  const random = seededRandom(seedOf('waiting-room'));
  const ids = await Promise.all(
    Array.from({ length: count }, async (_, k) => {
      const conversation = await openConversation(api, from + k, counts, acknowledged, random);
      if (!conversation) return null;
      await conversation.say(QUESTIONS[conversation.locale]![k % QUESTIONS[conversation.locale]!.length]!);
      await askForPerson(api, conversation, counts, random);
      return conversation.id;
    }),
  );
  return ids.filter((id): id is string => id !== null);
}

/** `clients` concurrent customers working through `total` conversations. */
export async function runCustomers(api: LoadClient, total: number, clients: number, counts: ScenarioCounts, acknowledged: Acknowledged): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      const random = seededRandom(seedOf(`customer-client-${client}`));
      for (let index = next++; index < total; index = next++) await customer(api, index, counts, acknowledged, random);
    }),
  );
}

export interface AgentMode {
  /** Agents come and go, and decline some offers; once draining, they stay and take everything. */
  draining: boolean;
  stopped: boolean;
}

/** One agent at the desk: status flips, offers accepted or declined, conversations answered and resolved. */
export async function agentDesk(api: LoadClient, agentId: string, mode: AgentMode, counts: ScenarioCounts): Promise<void> {
  const random = seededRandom(seedOf(agentId));
  let status = 'available';
  let nextFlip = Date.now() + 1_000 + random() * 4_000;
  const holdUntil = new Map<string, number>();
  while (!mode.stopped) {
    const wanted = mode.draining ? 'available' : Date.now() < nextFlip ? status : random() < 0.7 ? 'available' : 'away';
    if (wanted !== status || Date.now() >= nextFlip) {
      const changed = await api.call('PUT', `/v1/agents/${agentId}/status`, { status: wanted });
      if (changed.status === 200) {
        status = wanted;
        counts.statusFlips += 1;
      }
      nextFlip = Date.now() + 2_000 + random() * 4_000;
    }
    const desk = await api.call('GET', `/v1/agents/${agentId}/conversations`);
    for (const item of desk.status === 200 ? (desk.body.conversations as Array<{ conversationId: string; status: string }>) : []) {
      const path = `/v1/conversations/${item.conversationId}`;
      if (item.status === 'offered') {
        if (mode.draining || random() < 0.8) {
          const accepted = await api.call('POST', `${path}/accept`, { agentId });
          if (accepted.status === 200) counts.accepted += 1;
          else counts.acceptRefused += 1;
        } else if ((await api.call('POST', `${path}/decline`, { agentId })).status === 200) counts.declined += 1;
      } else if (item.status === 'active') {
        const until = holdUntil.get(item.conversationId) ?? Date.now() + (mode.draining ? 300 : 2_000 + random() * 4_000);
        holdUntil.set(item.conversationId, until);
        if (Date.now() < until) continue;
        if ((await api.call('POST', `${path}/agent-messages`, { agentId, text: '您好，已经为您处理好了 / All sorted for you.' })).status === 200) {
          counts.agentReplies += 1;
        }
        if ((await api.call('POST', `${path}/resolve`, { agentId })).status === 200) counts.agentResolves += 1;
        holdUntil.delete(item.conversationId);
      }
    }
    await pause(300 + random() * 500);
  }
}
