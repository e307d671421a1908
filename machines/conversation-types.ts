import type { Channel, Escalation, EscalationTrigger, LeaveQueueChoice, Locale, OfferPolicy, Outcome, QueueStanding, Requirement, TransferTarget, WaitPolicy } from '../domain/conversation';

/** What the conversation machine remembers, the events it takes, and the effects it asks for. */

export interface ConversationContext {
  conversationId: string;
  channel: Channel;
  /** The customer's locale when known; otherwise each reply follows the language of the message. */
  locale: Locale | null;
  escalation: Escalation | null;
  /**
   * Whether the customer record says VIP; null until it was looked up. This, the turn counts and
   * `resolvedAt` are read by nothing outside the machine: they stay because the machine's tests
   * assert them and the redesign changed no assertion; they go when the tests stop needing them.
   */
  customerVip: boolean | null;
  /** Why the customer record could not be had, when it could not; the brief says so. */
  profileGap: string | null;
  requirement: Requirement | null;
  /** The agent who stepped in, when one did: routing gives the conversation to them. */
  takeoverAgentId: string | null;
  /** When the queue last looked in the database for an assignment (the recheck counts from here); null when not queued. */
  checkedAt: string | null;
  /** The standing last estimated, when the conversation entered the queue and was last told. */
  queue: (QueueStanding & { enteredAt: string; announcedAt: string | null }) | null;
  waitPolicy: WaitPolicy;
  offerPolicy: OfferPolicy;
  /** The offer the agent has not answered yet, and when it runs out (a decline). */
  offer: { agentId: string; expiresAt: string } | null;
  /** Since when the customer has been waiting for a person: a conversation back in the queue keeps its place. */
  waitingSince: string | null;
  /** Why the last transfer asked for could not be made, for the caller. */
  transferRefusal: string | null;
  /** Offered once per wait: a callback or a message instead of waiting on. */
  alternativesOffered: boolean;
  outcome: Outcome | null;
  agentId: string | null;
  /** Messages from the customer and from agents so far: turn counts for triggers and the brief. */
  customerTurns: number;
  agentTurns: number;
  resolvedAt: string | null;
}

export interface ConversationInput {
  conversationId: string;
  channel: Channel;
  locale: Locale | null;
  waitPolicy: WaitPolicy;
  offerPolicy: OfferPolicy;
}

/** Where a declined offer or a transfer left the conversation: with an agent (offered or accepted), or queued. */
export interface RerouteResult {
  agentId: string | null;
  accepted: boolean;
  at: string;
  /** A transfer to another skill changes what the conversation needs. */
  requirement?: Requirement;
}

export type ConversationEvent =
  | { type: 'CUSTOMER_MESSAGE_RECEIVED'; messageId: string; text: string; at: string }
  | { type: 'ESCALATION_REQUESTED'; trigger: EscalationTrigger; messageId: string | null; evidence: string | null; at: string; priority?: number }
  | { type: 'BOT_FEEDBACK_RECEIVED'; messageId: string; helpful: boolean }
  | { type: 'TAKEOVER_REQUESTED'; agentId: string; at: string }
  | { type: 'CUSTOMER_PROFILE_FOUND'; vip: boolean }
  | { type: 'CUSTOMER_PROFILE_UNAVAILABLE'; reason: string }
  | { type: 'CONTEXT_TRANSFERRED'; requirement: Requirement }
  | { type: 'AGENT_ASSIGNED'; agentId: string; accepted: boolean; at: string }
  /**
   * `firstStaffedStep`: of the requirement (0) and its relaxation steps to come (1, 2, …), the first
   * someone on duty could meet; null when none could, absent when not asked.
   */
  | { type: 'NO_AGENT_AVAILABLE'; at: string; firstStaffedStep?: number | null }
  | { type: 'OFFER_ACCEPTED'; agentId: string; at: string }
  | { type: 'OFFER_DECLINED'; agentId: string; at: string }
  | { type: 'OFFER_TIMED_OUT'; agentId: string; at: string }
  | ({ type: 'REROUTED' } & RerouteResult)
  | { type: 'TRANSFER_REQUESTED'; byAgentId: string | null; target: TransferTarget; note: string | null; at: string }
  | { type: 'TRANSFER_REFUSED'; reason: string }
  | { type: 'WAIT_ESTIMATED'; standing: QueueStanding; at: string }
  | { type: 'QUEUE_LEFT'; choice: LeaveQueueChoice; at: string }
  | { type: 'QUEUE_RECHECK_DUE'; at: string }
  /** Waiting-room triage read a message written while waiting: at least this priority, maybe another skill. */
  | { type: 'PRIORITY_RAISED'; priority: number; skill: string | null; signal: string; messageId: string; at: string }
  /** Someone overtook this conversation in the queue. */
  | { type: 'QUEUE_REORDERED'; at: string }
  | { type: 'AGENT_MESSAGE_SENT'; agentId: string; messageId: string; text: string }
  | { type: 'RESOLVE_REQUESTED'; agentId: string | null; at: string };

export type ConversationEventType = ConversationEvent['type'];

