import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { ConversationInput } from '../machines/conversation';
import type { Escalation, LeaveQueueChoice, PublicState, QueueStanding, Requirement, StoredMessage, TransferTarget } from '../domain/conversation';
import type { PersistedConversation } from '../machines/step';

export const conversationWorkflowId = (conversationId: string) => `conversation-${conversationId}`;

/** The ApplicationFailure type of every refused transition; the API answers it with 409. */
export const TRANSITION_REFUSED = 'TransitionRefused';

export interface ConversationSettings {
  /** How often a queued conversation re-checks the database for an assignment it was not told of. */
  queueRecheckSeconds: number;
}

export interface HandledMessage {
  messageId: string;
  reply: ConversationReply;
}

export interface ConversationWorkflowInput {
  conversation: ConversationInput;
  settings: ConversationSettings;
  /** Present after continue-as-new: where the previous run stopped. */
  carried?: {
    snapshot: PersistedConversation;
    handled: HandledMessage[];
    runs: number;
  };
}

export interface ConversationReply {
  state: PublicState;
  replies: StoredMessage[];
}

export interface ConversationView {
  state: PublicState;
  statePath: string;
  escalation: Escalation | null;
  requirement: Requirement | null;
  queue: QueueStanding | null;
  agentId: string | null;
  /** An offer the agent has not answered, and when it counts as declined. */
  offer: { agentId: string; expiresAt: string } | null;
  runs: number;
}

export interface CustomerMessageArgs {
  /** The stored message's id: the API stores the message before the workflow hears of it. */
  messageId: string;
  text: string;
}

export interface HandoffArgs {
  trigger: 'menu' | 'service_request';
  reason: string | null;
}

export interface ResolveArgs {
  agentId: string | null;
}

export interface BotFeedbackArgs {
  messageId: string;
  helpful: boolean;
}

export interface TakeoverArgs {
  agentId: string;
}

export interface LeaveQueueArgs {
  choice: LeaveQueueChoice;
}

export interface AgentMessageArgs {
  agentId: string;
  messageId: string;
  text: string;
}

export interface AgentAssignedArgs {
  agentId: string;
}

export interface OfferAnswerArgs {
  agentId: string;
}

export interface TransferArgs {
  /** The agent handing over; null when a supervisor or service moves the conversation. */
  byAgentId: string | null;
  target: TransferTarget;
  /** What the next agent should know, beyond the brief. */
  note: string | null;
}

export const customerMessageUpdate = defineUpdate<ConversationReply, [CustomerMessageArgs]>('customerMessage');
export const handoffUpdate = defineUpdate<ConversationReply, [HandoffArgs]>('requestHandoff');
export const resolveUpdate = defineUpdate<ConversationReply, [ResolveArgs]>('resolve');
export const botFeedbackUpdate = defineUpdate<ConversationReply, [BotFeedbackArgs]>('botFeedback');
export const takeoverUpdate = defineUpdate<ConversationReply, [TakeoverArgs]>('takeover');
export const leaveQueueUpdate = defineUpdate<ConversationReply, [LeaveQueueArgs]>('leaveQueue');
export const agentMessageUpdate = defineUpdate<ConversationReply, [AgentMessageArgs]>('agentMessage');
export const acceptOfferUpdate = defineUpdate<ConversationReply, [OfferAnswerArgs]>('acceptOffer');
export const declineOfferUpdate = defineUpdate<ConversationReply, [OfferAnswerArgs]>('declineOffer');
export const transferUpdate = defineUpdate<ConversationReply, [TransferArgs]>('transfer');
export const agentAssignedSignal = defineSignal<[AgentAssignedArgs]>('agentAssigned');
/** Someone overtook this conversation in the queue: its customer should hear their new place. */
export const queueReorderedSignal = defineSignal('queueReordered');
export const conversationViewQuery = defineQuery<ConversationView>('conversationView');

/** The workflow's signature, for clients that start it by name; workflows/conversation.ts is checked against it. */
export type ConversationWorkflow = (input: ConversationWorkflowInput) => Promise<ConversationView>;

/**
 * The delivery of one conversation's outbox (what is said to the customer and its state changes) to
 * the customer's channel and the company's webhooks: started, or nudged, by whoever writes to it.
 */
export const deliveryWorkflowId = (conversationId: string) => `delivery-${conversationId}`;
/**
 * Deliveries run on a task queue of their own, beside the conversations' (worker/worker.ts): a slow or
 * dead webhook fills only the delivery worker's slots, never those a conversation's turns need.
 */
export const deliveryTaskQueueOf = (taskQueue: string) => `${taskQueue}-deliveries`;

export interface DeliveryWorkflowInput {
  conversationId: string;
  /** How many times one delivery is tried before it is marked failed (backoff from 1 s, at most 60 s apart). */
  maximumAttempts: number;
}

/** Something new is in the conversation's outbox. */
export const outboxAppendedSignal = defineSignal('outboxAppended');

export type DeliveryWorkflow = (input: DeliveryWorkflowInput) => Promise<void>;
