import type { Channel, Escalation, Locale, StoredMessage } from './conversation';
import type { Order } from './customer';

/** What a conversation is about, as the brief classifies it. */
export const CATEGORIES = ['orders', 'shipping', 'returns_refunds', 'payments', 'account', 'complaint', 'general'] as const;
export type Category = (typeof CATEGORIES)[number];

export type SentimentLabel = 'negative' | 'neutral' | 'positive';

export interface Classification {
  category: Category;
  intent: string;
  priority: number;
  tags: string[];
  sentiment: {
    overall: SentimentLabel;
    /** Mean of the last three customer turns, −1 (angry) … 1 (pleased). */
    score: number;
    /** The last three turns against all earlier ones. */
    trend: 'worsening' | 'steady' | 'improving';
    turns: Array<{ messageId: string; score: number }>;
  };
}

/** Everything an agent needs at a glance when a conversation reaches them (brief/build.ts builds it). */
export interface HandoffBrief {
  version: 1;
  conversationId: string;
  channel: Channel;
  locale: Locale;
  builtAt: string;
  summary: string;
  customer: {
    id: string;
    name: string | null;
    phone: string | null;
    email: string | null;
    account: { tier: string | null; since: string | null; flags: string[]; vip: boolean };
    recentOrders: Order[];
    /** Where the record came from: `postgres`, `crm`, or `conversation` when no provider answered. */
    source: string;
  };
  /** What the brief could not include, and why (a CRM that timed out, malformed data…). */
  missing: string[];
  classification: Classification;
  escalation: Escalation | null;
  botAttempts: Array<{ messageId: string; text: string; at: string }>;
  knowledge: Array<{ id: string; title: string; excerpt: string; score: number }>;
  transcript: StoredMessage[];
  stats: { messages: number; customerTurns: number; botTurns: number; firstMessageAt: string | null; lastMessageAt: string | null };
  /** What the customer said while waiting that raised the priority or changed the skill, oldest first. */
  waitingRoom?: WaitingRoomNote[];
}

/** Something the customer said while waiting that changed their place or their route. */
export interface WaitingRoomNote {
  messageId: string;
  signal: string;
  evidence: string;
  priorityFrom: number;
  priorityTo: number;
  skillFrom: string | null;
  skillTo: string | null;
  at: string;
}

/** A hand-over between agents; the transfers so far travel with the brief. */
export interface Transfer {
  fromAgentId: string;
  toAgentId: string | null;
  toSkill: string | null;
  note: string | null;
  at: string;
}
