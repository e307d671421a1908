import { detectHandoffRequest } from '../bot/handoff-request';
import { isVip } from '../customers/profile';
import type { HandoffBrief } from '../domain/brief';
import type { CustomerProfile, CustomerRecord } from '../domain/customer';
import type { KnowledgeIndex } from '../knowledge/search';
import { excerpt, toTraditional } from '../knowledge/text';
import type { Channel, Escalation, Locale, StoredMessage } from '../domain/conversation';
import { classify } from './classify';
import { summarize } from './summary';

export const RECENT_ORDERS_IN_BRIEF = 5;

export interface BriefSources {
  conversationId: string;
  channel: Channel;
  locale: Locale;
  builtAt: string;
  transcript: StoredMessage[];
  /** The customer as the conversation was created with them. */
  knownCustomer: CustomerRecord;
  /** What the customer-data provider gave, if it answered. */
  profile: { source: string; data: CustomerProfile | null } | null;
  missing: string[];
  escalation: Escalation | null;
  knowledge: KnowledgeIndex;
}

const EXCERPT = 120;

/** Everything an agent needs at a glance, from what the activities gathered. Pure. */
export function buildHandoffBrief(sources: BriefSources): HandoffBrief {
  const { transcript, knownCustomer, profile, locale } = sources;
  const data = profile?.data ?? null;
  const account = {
    tier: data?.account.tier ?? null,
    since: data?.account.since ?? null,
    flags: data?.account.flags ?? [],
    vip: data ? isVip(data) : false,
  };
  const classification = classify(transcript, { vip: account.vip });

  const customerTurns = transcript.filter((message) => message.from === 'customer');
  const botTurns = transcript.filter((message) => message.from === 'bot');
  // The problem, in the customer's words: recent turns that are not just a request for a person.
  const query = customerTurns
    .slice(-20)
    .filter((message) => !detectHandoffRequest(message.text))
    .map((message) => message.text)
    .join('\n');
  const localize = (text: string) => (locale === 'zh-TW' ? toTraditional(text) : text);
  const knowledge = query
    ? sources.knowledge.search(query, { limit: 3 }).map(({ article, score }) => ({
        id: article.id,
        title: localize(article.title),
        excerpt: localize(excerpt(article.body, EXCERPT)),
        score: Number(score.toFixed(2)),
      }))
    : [];

  const botAttempts = botTurns.slice(-3).map((message) => ({ messageId: message.id, text: excerpt(message.text, EXCERPT), at: message.at }));
  const brief: HandoffBrief = {
    version: 1,
    conversationId: sources.conversationId,
    channel: sources.channel,
    locale,
    builtAt: sources.builtAt,
    summary: '',
    customer: {
      id: knownCustomer.id,
      name: data?.name ?? knownCustomer.name,
      phone: data?.phone ?? knownCustomer.phone,
      email: data?.email ?? knownCustomer.email,
      account,
      recentOrders: (data?.orders ?? [])
        .slice()
        .sort((a, b) => b.placedAt.localeCompare(a.placedAt))
        .slice(0, RECENT_ORDERS_IN_BRIEF),
      source: data ? (profile?.source ?? 'conversation') : 'conversation',
    },
    missing: sources.missing,
    classification,
    escalation: sources.escalation,
    botAttempts,
    knowledge,
    transcript,
    stats: {
      messages: transcript.length,
      customerTurns: customerTurns.length,
      botTurns: botTurns.length,
      firstMessageAt: transcript[0]?.at ?? null,
      lastMessageAt: transcript.at(-1)?.at ?? null,
    },
  };
  brief.summary = summarize(brief);
  return brief;
}
