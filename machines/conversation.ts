import { assign, setup } from 'xstate';
import type { Channel, Escalation, EscalationTrigger, Locale, QueueStanding, Requirement } from './domain';

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
  queue: (QueueStanding & { enteredAt: string }) | null;
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
}

export type ConversationEvent =
  | { type: 'CUSTOMER_MESSAGE_RECEIVED'; messageId: string; text: string; at: string }
  | { type: 'ESCALATION_REQUESTED'; trigger: EscalationTrigger; messageId: string | null; evidence: string | null; at: string }
  | { type: 'CUSTOMER_PROFILE_FOUND'; vip: boolean }
  | { type: 'CUSTOMER_PROFILE_UNAVAILABLE'; reason: string }
  | { type: 'CONTEXT_TRANSFERRED'; requirement: Requirement }
  | { type: 'AGENT_ASSIGNED'; agentId: string; at: string }
  | { type: 'NO_AGENT_AVAILABLE'; at: string }
  | { type: 'WAIT_ESTIMATED'; standing: QueueStanding }
  | { type: 'QUEUE_RECHECK_DUE' }
  | { type: 'AGENT_MESSAGE_SENT'; agentId: string; messageId: string; text: string }
  | { type: 'RESOLVE_REQUESTED'; agentId: string | null; at: string };

export type ConversationEventType = ConversationEvent['type'];

/** Every side effect the machine can ask for, with its parameters. The workflow must handle each. */
export interface ConversationEffects {
  recordState: undefined;
  answerAsBot: { messageId: string; text: string };
  announceTransfer: undefined;
  lookupCustomer: undefined;
  transferContext: undefined;
  matchSkills: undefined;
  estimateWait: undefined;
  announceQueuePosition: undefined;
  announceAgent: undefined;
  releaseRouting: undefined;
  announceResolution: undefined;
}
export type ConversationEffectName = keyof ConversationEffects;

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
    announceTransfer: effect<ConversationEffects['announceTransfer']>(),
    lookupCustomer: effect<ConversationEffects['lookupCustomer']>(),
    transferContext: effect<ConversationEffects['transferContext']>(),
    matchSkills: effect<ConversationEffects['matchSkills']>(),
    estimateWait: effect<ConversationEffects['estimateWait']>(),
    announceQueuePosition: effect<ConversationEffects['announceQueuePosition']>(),
    announceAgent: effect<ConversationEffects['announceAgent']>(),
    releaseRouting: effect<ConversationEffects['releaseRouting']>(),
    countCustomerTurn: assign({ customerTurns: ({ context }) => context.customerTurns + 1 }),
    countAgentTurn: assign({ agentTurns: ({ context }) => context.agentTurns + 1 }),
    rememberStanding: assign({
      queue: ({ context, event }) =>
        event.type === 'WAIT_ESTIMATED' ? { ...event.standing, enteredAt: context.queue?.enteredAt ?? '' } : context.queue,
    }),
    announceResolution: effect<ConversationEffects['announceResolution']>(),
  },
  guards: {
    /** The customer hears again only when their place or the wait (in whole minutes) moved. */
    standingChanged: ({ context, event }) => {
      if (event.type !== 'WAIT_ESTIMATED') return false;
      const before = context.queue;
      const minutes = (seconds: number | null) => (seconds === null ? null : Math.round(seconds / 60));
      return (
        before === null ||
        before.position !== event.standing.position ||
        minutes(before.estimatedWaitSeconds) !== minutes(event.standing.estimatedWaitSeconds)
      );
    },
    /** A service may resolve without naming an agent; an agent may resolve only what they hold. */
    isUnnamedOrAssignedAgent: ({ context, event }) =>
      event.type === 'RESOLVE_REQUESTED' && (event.agentId === null || event.agentId === context.agentId),
    isAssignedAgent: ({ context, event }) => event.type === 'AGENT_MESSAGE_SENT' && event.agentId === context.agentId,
    isServiceRequest: ({ event }) => event.type === 'RESOLVE_REQUESTED' && event.agentId === null,
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
    queue: null,
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
            }),
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
              actions: assign({ queue: ({ event }) => ({ position: 0, estimatedWaitSeconds: null, enteredAt: event.at }) }),
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
          { guard: 'standingChanged', actions: ['rememberStanding', 'announceQueuePosition'] },
          { actions: 'rememberStanding' },
        ],
        QUEUE_RECHECK_DUE: { actions: 'matchSkills' },
        // A recheck that still finds nobody refreshes the customer's standing.
        NO_AGENT_AVAILABLE: { actions: 'estimateWait' },
        AGENT_ASSIGNED: {
          target: 'agent_assigned',
          actions: assign({ agentId: ({ event }) => event.agentId, queue: null }),
        },
        // Leaving the queue: the customer abandons, or a service closes the conversation.
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
      entry: [assign({ resolvedAt: ({ event }) => ('at' in event ? event.at : null) }), 'recordState', 'releaseRouting', 'announceResolution'],
    },
  },
});

export type ConversationMachine = typeof conversationMachine;
