import { assign, setup } from 'xstate';
import type { Channel, Escalation, EscalationTrigger, LeaveQueueChoice, Locale, Outcome, QueueStanding, Requirement, WaitPolicy } from './domain';

/**
 * One customer conversation: bot → escalation_pending → queued → agent_assigned → resolved.
 * Pure: no I/O, no clock, no timers. Side effects are named actions (`ConversationEffects`) that
 * the workflow runs as activities; their results come back as events. Times arrive inside events.
 */

export interface ConversationContext {
  conversationId: string;
  channel: Channel;
  /** The customer's locale when known; otherwise each reply follows the language of the message. */
  locale: Locale | null;
  escalation: Escalation | null;
  /** Whether the customer record says VIP; null until it was looked up. */
  customerVip: boolean | null;
  /** Why the customer record could not be had, when it could not; the brief says so. */
  profileGap: string | null;
  requirement: Requirement | null;
  /** The agent who stepped in, when one did: routing gives the conversation to them. */
  takeoverAgentId: string | null;
  /** The standing last estimated, when the conversation entered the queue and was last told. */
  queue: (QueueStanding & { enteredAt: string; announcedAt: string | null }) | null;
  waitPolicy: WaitPolicy;
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
}

export type ConversationEvent =
  | { type: 'CUSTOMER_MESSAGE_RECEIVED'; messageId: string; text: string; at: string }
  | { type: 'ESCALATION_REQUESTED'; trigger: EscalationTrigger; messageId: string | null; evidence: string | null; at: string; priority?: number }
  | { type: 'BOT_FEEDBACK_RECEIVED'; messageId: string; helpful: boolean }
  | { type: 'TAKEOVER_REQUESTED'; agentId: string; at: string }
  | { type: 'CUSTOMER_PROFILE_FOUND'; vip: boolean }
  | { type: 'CUSTOMER_PROFILE_UNAVAILABLE'; reason: string }
  | { type: 'CONTEXT_TRANSFERRED'; requirement: Requirement }
  | { type: 'AGENT_ASSIGNED'; agentId: string; at: string }
  | { type: 'NO_AGENT_AVAILABLE'; at: string }
  | { type: 'WAIT_ESTIMATED'; standing: QueueStanding; at: string }
  | { type: 'QUEUE_LEFT'; choice: LeaveQueueChoice; at: string }
  | { type: 'QUEUE_RECHECK_DUE' }
  | { type: 'AGENT_MESSAGE_SENT'; agentId: string; messageId: string; text: string }
  | { type: 'RESOLVE_REQUESTED'; agentId: string | null; at: string };

export type ConversationEventType = ConversationEvent['type'];

/** Every side effect the machine can ask for, with its parameters. The workflow must handle each. */
export interface ConversationEffects {
  recordState: undefined;
  answerAsBot: { messageId: string; text: string };
  weighFeedback: undefined;
  announceTransfer: undefined;
  lookupCustomer: undefined;
  transferContext: undefined;
  matchSkills: undefined;
  estimateWait: undefined;
  announceQueuePosition: undefined;
  offerAlternatives: undefined;
  announceAgent: undefined;
  releaseRouting: undefined;
  announceResolution: undefined;
}
export type ConversationEffectName = keyof ConversationEffects;

const OUTCOME_OF_CHOICE: Record<LeaveQueueChoice, Outcome> = {
  abandon: 'abandoned',
  callback: 'callback_requested',
  message: 'message_left',
};

// The implementations are empty on purpose: `transition()` returns these actions by name and
// the workflow runs them. The machine itself never performs I/O.
const effect = <P extends object | undefined>() => (_: unknown, _params: P) => undefined;

export const conversationMachine = setup({
  types: {
    context: {} as ConversationContext,
    events: {} as ConversationEvent,
    input: {} as ConversationInput,
  },
  actions: {
    recordState: effect<ConversationEffects['recordState']>(),
    answerAsBot: effect<ConversationEffects['answerAsBot']>(),
    weighFeedback: effect<ConversationEffects['weighFeedback']>(),
    announceTransfer: effect<ConversationEffects['announceTransfer']>(),
    lookupCustomer: effect<ConversationEffects['lookupCustomer']>(),
    transferContext: effect<ConversationEffects['transferContext']>(),
    matchSkills: effect<ConversationEffects['matchSkills']>(),
    estimateWait: effect<ConversationEffects['estimateWait']>(),
    announceQueuePosition: effect<ConversationEffects['announceQueuePosition']>(),
    offerAlternatives: effect<ConversationEffects['offerAlternatives']>(),
    announceResolution: effect<ConversationEffects['announceResolution']>(),
    announceAgent: effect<ConversationEffects['announceAgent']>(),
    releaseRouting: effect<ConversationEffects['releaseRouting']>(),
    countCustomerTurn: assign({ customerTurns: ({ context }) => context.customerTurns + 1 }),
    countAgentTurn: assign({ agentTurns: ({ context }) => context.agentTurns + 1 }),
    rememberStanding: assign({
      queue: ({ context, event }) =>
        event.type === 'WAIT_ESTIMATED'
          ? { ...event.standing, enteredAt: context.queue?.enteredAt ?? event.at, announcedAt: context.queue?.announcedAt ?? null }
          : context.queue,
    }),
    markAnnounced: assign({
      queue: ({ context, event }) => (context.queue && 'at' in event ? { ...context.queue, announcedAt: event.at } : context.queue),
    }),
    markAlternativesOffered: assign({ alternativesOffered: true }),
    markResolved: assign({
      resolvedAt: ({ event }) => ('at' in event ? event.at : null),
      outcome: ({ context }): Outcome => context.outcome ?? 'resolved',
    }),
  },
  guards: {
    /**
     * The customer hears again when their place or the wait (in whole minutes) moved, and at least
     * every `reminderSeconds` while waiting. Estimates come at most once per recheck, which is the
     * debounce.
     */
    shouldAnnounce: ({ context, event }) => {
      if (event.type !== 'WAIT_ESTIMATED') return false;
      const before = context.queue;
      if (!before || before.announcedAt === null) return true;
      const minutes = (seconds: number | null) => (seconds === null ? null : Math.round(seconds / 60));
      const moved =
        before.position !== event.standing.position ||
        minutes(before.estimatedWaitSeconds) !== minutes(event.standing.estimatedWaitSeconds);
      const reminderDue = Date.parse(event.at) - Date.parse(before.announcedAt) >= context.waitPolicy.reminderSeconds * 1000;
      return moved || reminderDue;
    },
    /** A long wait, the first time: offer a callback or a message instead. */
    shouldOfferAlternatives: ({ context, event }) =>
      event.type === 'WAIT_ESTIMATED' &&
      !context.alternativesOffered &&
      event.standing.estimatedWaitSeconds !== null &&
      event.standing.estimatedWaitSeconds >= context.waitPolicy.callbackOfferSeconds,
    isUnnamedOrAssignedAgent: ({ context, event }) =>
      event.type === 'RESOLVE_REQUESTED' && (event.agentId === null || event.agentId === context.agentId),
    isAssignedAgent: ({ context, event }) => event.type === 'AGENT_MESSAGE_SENT' && event.agentId === context.agentId,
    isServiceRequest: ({ event }) => event.type === 'RESOLVE_REQUESTED' && event.agentId === null,
    isUnhelpful: ({ event }) => event.type === 'BOT_FEEDBACK_RECEIVED' && !event.helpful,
  },
}).createMachine({
  id: 'conversation',
  initial: 'bot',
  context: ({ input }) => ({
    conversationId: input.conversationId,
    channel: input.channel,
    locale: input.locale,
    escalation: null,
    customerVip: null,
    profileGap: null,
    requirement: null,
    takeoverAgentId: null,
    queue: null,
    waitPolicy: input.waitPolicy,
    alternativesOffered: false,
    outcome: null,
    agentId: null,
    customerTurns: 0,
    agentTurns: 0,
    resolvedAt: null,
  }),
  states: {
    bot: {
      on: {
        CUSTOMER_MESSAGE_RECEIVED: {
          actions: [
            'countCustomerTurn',
            { type: 'answerAsBot', params: ({ event }) => ({ messageId: event.messageId, text: event.text }) },
          ],
        },
        ESCALATION_REQUESTED: {
          target: 'escalation_pending',
          actions: assign({
            escalation: ({ event }) => ({
              trigger: event.trigger,
              messageId: event.messageId,
              evidence: event.evidence,
              at: event.at,
              ...(event.priority !== undefined ? { priority: event.priority } : {}),
            }),
          }),
        },
        // A thumbs-down may complete a streak of dissatisfaction; a thumbs-up is only recorded.
        BOT_FEEDBACK_RECEIVED: { guard: 'isUnhelpful', actions: 'weighFeedback' },
        // An agent watching steps in: the bot stops at once; the handoff still builds the brief.
        TAKEOVER_REQUESTED: {
          target: 'escalation_pending',
          actions: assign({
            takeoverAgentId: ({ event }) => event.agentId,
            escalation: ({ event }) => ({ trigger: 'takeover' as const, messageId: null, evidence: `agent ${event.agentId} stepped in`, at: event.at }),
          }),
        },
        RESOLVE_REQUESTED: { guard: 'isServiceRequest', target: 'resolved' },
      },
    },
    escalation_pending: {
      initial: 'looking_up_customer',
      entry: ['recordState', 'announceTransfer'],
      on: {
        // The customer may keep typing while the handoff is prepared; the API stored the message.
        CUSTOMER_MESSAGE_RECEIVED: { actions: 'countCustomerTurn' },
      },
      states: {
        // The brief needs the customer record; without it the handoff still goes ahead, saying so.
        looking_up_customer: {
          entry: 'lookupCustomer',
          on: {
            CUSTOMER_PROFILE_FOUND: {
              target: 'transferring_context',
              actions: assign({ customerVip: ({ event }) => event.vip }),
            },
            CUSTOMER_PROFILE_UNAVAILABLE: {
              target: 'transferring_context',
              actions: assign({ profileGap: ({ event }) => event.reason }),
            },
          },
        },
        transferring_context: {
          entry: 'transferContext',
          on: {
            CONTEXT_TRANSFERRED: {
              target: 'matching',
              actions: assign({ requirement: ({ event }) => event.requirement }),
            },
          },
        },
        matching: {
          entry: 'matchSkills',
          on: {
            AGENT_ASSIGNED: {
              target: '#conversation.agent_assigned',
              actions: assign({ agentId: ({ event }) => event.agentId }),
            },
            NO_AGENT_AVAILABLE: {
              target: '#conversation.queued',
              actions: assign({ queue: ({ event }) => ({ position: 0, estimatedWaitSeconds: null, enteredAt: event.at, announcedAt: null }) }),
            },
          },
        },
      },
    },
    queued: {
      entry: ['recordState', 'estimateWait'],
      on: {
        CUSTOMER_MESSAGE_RECEIVED: { actions: 'countCustomerTurn' },
        WAIT_ESTIMATED: [
          {
            guard: 'shouldOfferAlternatives',
            actions: ['rememberStanding', 'markAnnounced', 'announceQueuePosition', 'markAlternativesOffered', 'offerAlternatives'],
          },
          { guard: 'shouldAnnounce', actions: ['rememberStanding', 'markAnnounced', 'announceQueuePosition'] },
          { actions: 'rememberStanding' },
        ],
        QUEUE_RECHECK_DUE: { actions: 'matchSkills' },
        // An agent takes a waiting conversation themselves.
        TAKEOVER_REQUESTED: { actions: [assign({ takeoverAgentId: ({ event }) => event.agentId }), 'matchSkills'] },
        // A recheck that still finds nobody refreshes the customer's standing.
        NO_AGENT_AVAILABLE: { actions: 'estimateWait' },
        AGENT_ASSIGNED: {
          target: 'agent_assigned',
          actions: assign({ agentId: ({ event }) => event.agentId, queue: null }),
        },
        // Leaving the queue: the customer goes, or asks for a callback, or leaves a message.
        QUEUE_LEFT: {
          target: 'resolved',
          actions: assign({
            outcome: ({ event }) => OUTCOME_OF_CHOICE[event.choice],
          }),
        },
        // Or a service closes the conversation.
        RESOLVE_REQUESTED: { guard: 'isServiceRequest', target: 'resolved' },
      },
    },
    agent_assigned: {
      entry: ['recordState', 'announceAgent'],
      on: {
        CUSTOMER_MESSAGE_RECEIVED: { actions: 'countCustomerTurn' },
        AGENT_MESSAGE_SENT: { guard: 'isAssignedAgent', actions: 'countAgentTurn' },
        RESOLVE_REQUESTED: { guard: 'isUnnamedOrAssignedAgent', target: 'resolved' },
      },
    },
    resolved: {
      type: 'final',
      entry: ['markResolved', 'recordState', 'releaseRouting', 'announceResolution'],
    },
  },
});

export type ConversationMachine = typeof conversationMachine;
