import { assign, setup } from 'xstate';
import type { LeaveQueueChoice, Outcome, Requirement, TransferTarget } from '../domain/conversation';
import type { ConversationContext, ConversationEvent, ConversationInput } from './conversation-types';
import { offerExpiry, reached, relaxationDueAt, relaxationStepsDue, reminderDueAt } from './deadlines';

export type {
  ConversationContext,
  ConversationEvent,
  ConversationEventType,
  ConversationInput,
  RerouteResult,
} from './conversation-types';

/**
 * One customer conversation: bot → escalation_pending → queued → agent_assigned → resolved.
 * Pure: no I/O, no clock, no timers. Side effects are named actions (`EFFECTS`) that
 * the workflow runs as activities; their results come back as events. Times arrive inside events.
 */

const OUTCOME_OF_CHOICE: Record<LeaveQueueChoice, Outcome> = {
  abandon: 'abandoned',
  callback: 'callback_requested',
  message: 'message_left',
};

// The implementations are empty on purpose: `transition()` returns these actions by name and
// the workflow runs them. The machine itself never performs I/O.
const effect = <P extends object | undefined>() => (_: unknown, _params: P) => undefined;

/**
 * The requirement with its next `count` relaxation steps applied at `at`, each recorded; `skipped`
 * says why a step was taken before its time, from the requirement it replaced.
 */
function applyRelaxation(current: Requirement, count: number, at: string, skipped?: (from: Pick<Requirement, 'skill' | 'minLevel'>) => string): Requirement {
  const steps = (current.relax ?? []).slice(0, count);
  const last = steps.at(-1);
  if (!last) return current;
  const replaced = [{ skill: current.skill, minLevel: current.minLevel }, ...steps];
  return {
    ...current,
    skill: last.skill,
    minLevel: last.minLevel,
    relax: (current.relax ?? []).slice(steps.length),
    relaxed: [...(current.relaxed ?? []), ...steps.map((step, index) => ({ ...step, at, ...(skipped ? { skipped: skipped(replaced[index]!) } : {}) }))],
  };
}

/**
 * Every side effect the machine can ask for, by name: the one list. The workflow must run each
 * (its switch is exhaustive), and `step()` tells effects from the machine's own assigns by it.
 */
const EFFECTS = {
  recordState: effect<undefined>(),
  answerAsBot: effect<{ messageId: string; text: string }>(),
  weighFeedback: effect<undefined>(),
  announceTransfer: effect<undefined>(),
  lookupCustomer: effect<undefined>(),
  transferContext: effect<undefined>(),
  matchSkills: effect<undefined>(),
  estimateWait: effect<undefined>(),
  announceQueuePosition: effect<undefined>(),
  triageWaitingMessage: effect<{ messageId: string; text: string }>(),
  offerAlternatives: effect<undefined>(),
  announceAgent: effect<undefined>(),
  acceptOffer: effect<{ agentId: string }>(),
  withdrawOffer: effect<{ agentId: string; reason: 'declined' | 'timed_out' }>(),
  transfer: effect<{ byAgentId: string | null; target: TransferTarget; note: string | null; requirement: Requirement }>(),
  announceHandover: effect<undefined>(),
  releaseRouting: effect<undefined>(),
  announceResolution: effect<undefined>(),
};

/** Each effect's parameters, read off the list above. */
export type ConversationEffects = { [K in keyof typeof EFFECTS]: Parameters<(typeof EFFECTS)[K]>[1] };
export type ConversationEffectName = keyof ConversationEffects;

export const EFFECT_NAMES: ReadonlySet<string> = new Set(Object.keys(EFFECTS));

export const conversationMachine = setup({
  types: {
    context: {} as ConversationContext,
    events: {} as ConversationEvent,
    input: {} as ConversationInput,
  },
  actions: {
    ...EFFECTS,
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
    /** The next estimate is told to the customer, whatever the reminder's schedule: their place changed. */
    forgetAnnouncement: assign({ queue: ({ context }) => (context.queue ? { ...context.queue, announcedAt: null } : context.queue) }),
    /** What the customer said while waiting raises the priority and may send them to another skill. */
    raisePriority: assign({
      requirement: ({ context, event }) => {
        if (event.type !== 'PRIORITY_RAISED' || !context.requirement) return context.requirement;
        const moved = event.skill !== null && event.skill !== context.requirement.skill;
        return {
          ...context.requirement,
          priority: Math.max(context.requirement.priority, event.priority),
          ...(moved ? { skill: event.skill!, minLevel: 1, why: `waiting room: ${event.signal}` } : {}),
        };
      },
    }),
    /** The queue looked (or is about to look) in the database now: the next recheck counts from here. */
    markChecked: assign({ checkedAt: ({ context, event }) => ('at' in event && event.at ? event.at : context.checkedAt) }),
    recordOutcome: assign({ outcome: ({ event }) => (event.type === 'QUEUE_LEFT' ? OUTCOME_OF_CHOICE[event.choice] : null) }),
    /** An agent was given the conversation: accepted at once (auto-accept, stepping in) or offered to answer. */
    takeAssignment: assign(({ context, event }) => {
      if (event.type !== 'AGENT_ASSIGNED' && event.type !== 'REROUTED') return {};
      const offered = event.agentId !== null && !event.accepted;
      return {
        agentId: event.agentId,
        offer: offered ? { agentId: event.agentId!, expiresAt: offerExpiry(event.at, context.offerPolicy) } : null,
        queue: null,
        ...(event.type === 'REROUTED' && event.requirement ? { requirement: event.requirement } : {}),
      };
    }),
    /** Back in the queue after a declined offer or a transfer, keeping the time already waited. */
    backInQueue: assign(({ context, event }) => {
      const at = 'at' in event ? event.at : new Date(0).toISOString();
      return {
        agentId: null,
        offer: null,
        queue: { position: 0, estimatedWaitSeconds: null, enteredAt: context.waitingSince ?? at, announcedAt: null },
        ...(event.type === 'REROUTED' && event.requirement ? { requirement: event.requirement } : {}),
      };
    }),
    /** Every relaxation step whose time has come, applied in order. */
    relaxRequirement: assign({
      requirement: ({ context, event }) =>
        event.type === 'QUEUE_RECHECK_DUE' && context.requirement
          ? applyRelaxation(context.requirement, relaxationStepsDue(context, event.at), event.at)
          : context.requirement,
    }),
    /** Steps nobody on duty could meet, while a later one could be: skipped now, to that step, each recorded. */
    skipUnstaffedSteps: assign({
      requirement: ({ context, event }) =>
        event.type === 'NO_AGENT_AVAILABLE' && context.requirement && event.firstStaffedStep
          ? applyRelaxation(context.requirement, event.firstStaffedStep, event.at, (from) => `nobody on duty has ${from.skill} ≥ ${from.minLevel}`)
          : context.requirement,
    }),
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
      return moved || reached(reminderDueAt(context), event.at);
    },
    /** A long wait, the first time: offer a callback or a message instead. */
    shouldOfferAlternatives: ({ context, event }) =>
      event.type === 'WAIT_ESTIMATED' &&
      !context.alternativesOffered &&
      event.standing.estimatedWaitSeconds !== null &&
      event.standing.estimatedWaitSeconds >= context.waitPolicy.callbackOfferSeconds,
    isUnnamedOrAssignedAgent: ({ context, event }) =>
      event.type === 'RESOLVE_REQUESTED' && (event.agentId === null || event.agentId === context.agentId),
    isAccepted: ({ event }) => (event.type === 'AGENT_ASSIGNED' || event.type === 'REROUTED') && event.agentId !== null && event.accepted,
    isOffered: ({ event }) => (event.type === 'AGENT_ASSIGNED' || event.type === 'REROUTED') && event.agentId !== null && !event.accepted,
    isOfferedAgent: ({ context, event }) =>
      (event.type === 'OFFER_ACCEPTED' || event.type === 'OFFER_DECLINED') && context.offer !== null && event.agentId === context.offer.agentId,
    /** The workflow's timer fired, and the offer it was set for is the one still open and past its time. */
    offerRanOut: ({ context, event }) =>
      event.type === 'OFFER_TIMED_OUT' && context.offer !== null && event.agentId === context.offer.agentId && reached(Date.parse(context.offer.expiresAt), event.at),
    /** Nobody on duty could meet the requirement as it stands, but someone could meet a step still to come. */
    laterStepStaffed: ({ event }) => event.type === 'NO_AGENT_AVAILABLE' && (event.firstStaffedStep ?? 0) > 0,
    relaxationDue: ({ context, event }) => event.type === 'QUEUE_RECHECK_DUE' && reached(relaxationDueAt(context), event.at),
    /** A transfer goes somewhere new: another agent, or a skill. */
    isRealTransfer: ({ context, event }) =>
      event.type === 'TRANSFER_REQUESTED' &&
      (event.byAgentId === null || event.byAgentId === context.agentId) &&
      !('agentId' in event.target && event.target.agentId === context.agentId),
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
    checkedAt: null,
    queue: null,
    waitPolicy: input.waitPolicy,
    offerPolicy: input.offerPolicy,
    offer: null,
    waitingSince: null,
    transferRefusal: null,
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
            waitingSince: ({ event }) => event.at,
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
            waitingSince: ({ event }) => event.at,
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
        // The customer may keep typing while the handoff is prepared; the API stored the message,
        // and waiting-room triage reads it again (the bot says nothing once the handoff began).
        CUSTOMER_MESSAGE_RECEIVED: { actions: ['countCustomerTurn', { type: 'triageWaitingMessage', params: ({ event }) => ({ messageId: event.messageId, text: event.text }) }] },
        PRIORITY_RAISED: { actions: 'raisePriority' },
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
            AGENT_ASSIGNED: [
              { guard: 'isAccepted', target: '#conversation.agent_assigned.active', actions: 'takeAssignment' },
              { target: '#conversation.agent_assigned.offered', actions: 'takeAssignment' },
            ],
            NO_AGENT_AVAILABLE: [
              // Steps nobody on duty could meet are skipped before the customer waits on them.
              { guard: 'laterStepStaffed', actions: ['skipUnstaffedSteps', 'matchSkills'] },
              {
                target: '#conversation.queued',
                actions: assign({ queue: ({ event }) => ({ position: 0, estimatedWaitSeconds: null, enteredAt: event.at, announcedAt: null }) }),
              },
            ],
          },
        },
      },
    },
    queued: {
      entry: ['markChecked', 'recordState', 'estimateWait'],
      exit: assign({ checkedAt: null }),
      on: {
        CUSTOMER_MESSAGE_RECEIVED: { actions: ['countCustomerTurn', { type: 'triageWaitingMessage', params: ({ event }) => ({ messageId: event.messageId, text: event.text }) }] },
        // A raised priority (or a new skill) may find an agent now; if not, the customer hears their new place.
        PRIORITY_RAISED: { actions: ['raisePriority', 'forgetAnnouncement', 'markChecked', 'matchSkills'] },
        QUEUE_REORDERED: { actions: ['forgetAnnouncement', 'estimateWait'] },
        WAIT_ESTIMATED: [
          {
            guard: 'shouldOfferAlternatives',
            actions: ['rememberStanding', 'markAnnounced', 'announceQueuePosition', 'markAlternativesOffered', 'offerAlternatives'],
          },
          { guard: 'shouldAnnounce', actions: ['rememberStanding', 'markAnnounced', 'announceQueuePosition'] },
          { actions: 'rememberStanding' },
        ],
        // The database is the truth: a recheck (or an agent's assignment signal) looks for the
        // assignment; past a relaxation step's time the requirement widens first.
        QUEUE_RECHECK_DUE: [{ guard: 'relaxationDue', actions: ['markChecked', 'relaxRequirement', 'matchSkills'] }, { actions: ['markChecked', 'matchSkills'] }],
        // An agent takes a waiting conversation themselves.
        TAKEOVER_REQUESTED: { actions: [assign({ takeoverAgentId: ({ event }) => event.agentId }), 'matchSkills'] },
        // A recheck that still finds nobody refreshes the customer's standing.
        // (or, when nobody on duty could meet it but could a later step, widens to that step at once).
        NO_AGENT_AVAILABLE: [{ guard: 'laterStepStaffed', actions: ['skipUnstaffedSteps', 'matchSkills'] }, { actions: 'estimateWait' }],
        AGENT_ASSIGNED: [
          { guard: 'isAccepted', target: 'agent_assigned.active', actions: 'takeAssignment' },
          { target: 'agent_assigned.offered', actions: 'takeAssignment' },
        ],
        // Leaving the queue: the customer goes, or asks for a callback, or leaves a message.
        QUEUE_LEFT: { target: 'resolved', actions: 'recordOutcome' },
        // Or a service closes the conversation.
        RESOLVE_REQUESTED: { guard: 'isServiceRequest', target: 'resolved' },
      },
    },
    agent_assigned: {
      initial: 'offered',
      on: {
        CUSTOMER_MESSAGE_RECEIVED: { actions: 'countCustomerTurn' },
      },
      states: {
        // The agent has the offer on their desk, its slot held, until they answer or it runs out.
        offered: {
          entry: 'recordState',
          on: {
            OFFER_ACCEPTED: {
              guard: 'isOfferedAgent',
              target: 'active',
              actions: [{ type: 'acceptOffer', params: ({ event }) => ({ agentId: event.agentId }) }, assign({ offer: null })],
            },
            // A decline, or no answer in time: the next best agent, never this one again.
            OFFER_DECLINED: {
              guard: 'isOfferedAgent',
              actions: { type: 'withdrawOffer', params: ({ event }) => ({ agentId: event.agentId, reason: 'declined' as const }) },
            },
            OFFER_TIMED_OUT: {
              guard: 'offerRanOut',
              actions: { type: 'withdrawOffer', params: ({ event }) => ({ agentId: event.agentId, reason: 'timed_out' as const }) },
            },
            REROUTED: [
              { guard: 'isAccepted', target: 'active', actions: 'takeAssignment' },
              { guard: 'isOffered', target: 'offered', reenter: true, actions: 'takeAssignment' },
              { target: '#conversation.queued', actions: 'backInQueue' },
            ],
            RESOLVE_REQUESTED: { guard: 'isServiceRequest', target: '#conversation.resolved' },
            // The customer is still waiting while an agent considers the offer, and may leave.
            QUEUE_LEFT: { target: '#conversation.resolved', actions: 'recordOutcome' },
          },
        },
        active: {
          entry: ['recordState', 'announceAgent'],
          on: {
            AGENT_MESSAGE_SENT: { guard: 'isAssignedAgent', actions: 'countAgentTurn' },
            RESOLVE_REQUESTED: { guard: 'isUnnamedOrAssignedAgent', target: '#conversation.resolved' },
            // To a colleague or back to the queue for another skill; the brief goes along.
            TRANSFER_REQUESTED: {
              guard: 'isRealTransfer',
              actions: [
                assign({ transferRefusal: null, waitingSince: ({ event }) => event.at }),
                {
                  type: 'transfer',
                  params: ({ context, event }) => ({
                    byAgentId: event.byAgentId,
                    target: event.target,
                    note: event.note,
                    requirement:
                      'skill' in event.target
                        ? { ...context.requirement!, skill: event.target.skill, minLevel: event.target.minLevel, relax: [], relaxed: [], why: `transferred by ${context.agentId}` }
                        : context.requirement!,
                  }),
                },
              ],
            },
            TRANSFER_REFUSED: { actions: assign({ transferRefusal: ({ event }) => event.reason }) },
            REROUTED: [
              { guard: 'isAccepted', target: 'active', reenter: true, actions: ['takeAssignment', 'announceHandover'] },
              { guard: 'isOffered', target: 'offered', actions: ['takeAssignment', 'announceHandover'] },
              { target: '#conversation.queued', actions: ['backInQueue', 'announceHandover'] },
            ],
          },
        },
      },
    },
    resolved: {
      type: 'final',
      entry: ['markResolved', 'recordState', 'releaseRouting', 'announceResolution'],
    },
  },
});

export type ConversationMachine = typeof conversationMachine;
