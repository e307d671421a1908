/**
 * Domain vocabulary shared by the machine, the workflow, the activities, the storage and the API.
 * The ground floor (with the rest of domain/): pure types and constants, importing nothing.
 */

export const PUBLIC_STATES = ['bot', 'escalation_pending', 'queued', 'agent_assigned', 'resolved'] as const;
export type PublicState = (typeof PUBLIC_STATES)[number];

export const CHANNELS = ['web', 'app', 'phone', 'sms', 'email', 'wechat', 'whatsapp', 'messenger', 'line', 'telegram'] as const;
export type Channel = (typeof CHANNELS)[number];

export const LOCALES = ['zh-CN', 'zh-TW', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

/** Why a conversation left the bot. */
export const ESCALATION_TRIGGERS = [
  'keyword',
  'menu',
  'service_request',
  'bot_unavailable',
  'bot_decision',
  'question_type',
  'negative_emotion',
  'repeated_dissatisfaction',
  'bot_fallbacks',
  'turns_without_resolution',
  'takeover',
] as const;
export type EscalationTrigger = (typeof ESCALATION_TRIGGERS)[number];

export interface Escalation {
  trigger: EscalationTrigger;
  /** The customer message that fired the trigger, when one did. */
  messageId: string | null;
  /** What matched: the keyword, the menu option, the reason a service gave. Never contact details. */
  evidence: string | null;
  at: string;
  /** A trigger may ask for a higher priority than the classification gives (a legal threat, fraud). */
  priority?: number;
}

/** What an agent must have to take this conversation. */
export interface Requirement {
  skill: string;
  minLevel: number;
  priority: number;
  language: string | null;
  /** How the requirement widens while nobody fitting is free, in order; consumed as applied. */
  relax?: RelaxationStep[];
  /** Which routing rule chose it, or why it changed (a transfer). */
  why?: string;
  /** The steps already applied, each with when; a step taken early because nobody on duty had what it replaced says so. */
  relaxed?: Array<RelaxationStep & { at: string; skipped?: string }>;
}

export interface RelaxationStep {
  /** Seconds in the queue after which the step applies. */
  afterSeconds: number;
  skill: string;
  minLevel: number;
}

/** How long an agent has to answer an offer, and how many unanswered offers in a row set them away. */
export interface OfferPolicy {
  timeoutSeconds: number;
  awayAfterMissed: number;
}

/** Where a transfer sends the conversation: to a named agent, or back to the queue for a skill. */
export type TransferTarget = { agentId: string } | { skill: string; minLevel: number };

export interface QueueStanding {
  position: number;
  /** null when no agent who could take the conversation is available, so no honest number exists. */
  estimatedWaitSeconds: number | null;
}

export const MESSAGE_SENDERS = ['customer', 'bot', 'system', 'agent'] as const;
export type MessageSender = (typeof MESSAGE_SENDERS)[number];

export interface QuickReply {
  /**
   * What choosing it does: `handoff` calls POST …/handoff; `leave_queue` calls POST …/leave-queue
   * with `choice`; `keep_waiting` nothing; `message` sends `text` as the customer's message.
   */
  action: 'handoff' | 'message' | 'leave_queue' | 'keep_waiting';
  label: string;
  text?: string;
  choice?: LeaveQueueChoice;
}

/** How a customer may leave the queue: just go, ask to be called back, or leave a message. */
export const LEAVE_QUEUE_CHOICES = ['abandon', 'callback', 'message'] as const;
export type LeaveQueueChoice = (typeof LEAVE_QUEUE_CHOICES)[number];

/** How a conversation ended. */
export const OUTCOMES = ['resolved', 'abandoned', 'callback_requested', 'message_left'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** When the customer hears about their wait. */
export interface WaitPolicy {
  /** Re-announce the place in line at least this often while waiting. */
  reminderSeconds: number;
  /** Offer a callback or a message instead once the estimate reaches this. */
  callbackOfferSeconds: number;
}

export interface StoredMessage {
  id: string;
  from: MessageSender;
  text: string;
  at: string;
  agentId?: string | null;
  /** In transcripts read back: the name of the agent who wrote it. */
  agentName?: string;
  quickReplies?: QuickReply[] | null;
  /**
   * In transcripts read back, for a conversation on a channel Baton delivers to (Telegram, WeChat):
   * whether the customer's channel took it, and why not when it did not.
   */
  delivery?: { status: 'pending' | 'sent' | 'failed'; reason: string | null };
}

/** What kind of turn a bot message was: the triggers count them. */
export type BotMessageKind = 'answer' | 'fallback' | 'handoff_offer' | 'acknowledgement';

/** A message as the triggers read it: with the kind of each bot turn. */
export interface PastMessage {
  id: string;
  from: MessageSender;
  text: string;
  kind: BotMessageKind | null;
}

/** The language family routing matches on: zh-CN and zh-TW customers need a Chinese speaker. */
export function languageOf(locale: Locale): string {
  return locale.startsWith('zh') ? 'zh' : 'en';
}
