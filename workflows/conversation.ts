import * as wf from '@temporalio/workflow';
import type { SearchAttributeUpdatePair } from '@temporalio/common';
import type { ConversationEvent } from '../machines/conversation';
import type { StoredMessage } from '../machines/domain';
import { publicStateOf, statePathOf } from '../machines/public-state';
import { accepts, persist, restore, start, step, type ConversationSnapshot } from '../machines/step';
import {
  acceptOfferUpdate,
  agentAssignedSignal,
  declineOfferUpdate,
  transferUpdate,
  agentMessageUpdate,
  botFeedbackUpdate,
  conversationViewQuery,
  customerMessageUpdate,
  handoffUpdate,
  leaveQueueUpdate,
  resolveUpdate,
  takeoverUpdate,
  TRANSITION_REFUSED,
  type ConversationReply,
  type TransferArgs,
  type ConversationView,
  type ConversationWorkflowInput,
} from './definitions';
import { createEffectRunner } from './effects';
import { AssignedAgentId, EscalationTrigger, HandoffChannel, HandoffState, QueuedAt } from './search-attributes';

/** How many handled customer message ids (with their replies) a run remembers and carries on. */
const HANDLED_KEPT = 200;

/**
 * One customer conversation, for its whole life. Signals and updates become machine events one to
 * one; the machine decides, this function runs the effects it names as activities and feeds their
 * results back as events. Events are processed one at a time, in arrival order.
 */
export async function conversationWorkflow(input: ConversationWorkflowInput): Promise<ConversationView> {
  const { conversation, settings } = input;
  const { conversationId } = conversation;
  const runs = (input.carried?.runs ?? 0) + 1;
  let snapshot: ConversationSnapshot = input.carried ? restore(input.carried.snapshot) : start(conversation).snapshot;
  const handled = new Map((input.carried?.handled ?? []).map((entry) => [entry.messageId, entry.reply]));
  let changes = 0;
  let busy = 0;
  let tail: Promise<unknown> = Promise.resolve();
  let recheckAt: number | null = null;

  const now = () => new Date().toISOString();
  const recheckMs = settings.queueRecheckSeconds * 1000;

  const view = (): ConversationView => {
    const { escalation, requirement, queue, agentId, offer } = snapshot.context;
    return {
      state: publicStateOf(snapshot),
      statePath: statePathOf(snapshot),
      escalation,
      requirement,
      queue: queue && queue.position > 0 ? { position: queue.position, estimatedWaitSeconds: queue.estimatedWaitSeconds } : null,
      agentId,
      offer,
      runs,
    };
  };

  function refusal(event: ConversationEvent): wf.ApplicationFailure {
    const state = publicStateOf(snapshot);
    return wf.ApplicationFailure.create({
      type: TRANSITION_REFUSED,
      message: `${event.type} is not accepted while the conversation is ${state}`,
      nonRetryable: true,
      details: [{ state, event: event.type }],
    });
  }

  function publishSearchAttributes(): void {
    const { channel, escalation, queue, agentId } = snapshot.context;
    const pairs: SearchAttributeUpdatePair[] = [
      { key: HandoffState, value: publicStateOf(snapshot) },
      { key: HandoffChannel, value: channel },
    ];
    if (escalation) pairs.push({ key: EscalationTrigger, value: escalation.trigger });
    if (queue?.enteredAt) pairs.push({ key: QueuedAt, value: new Date(queue.enteredAt) });
    if (agentId) pairs.push({ key: AssignedAgentId, value: agentId });
    wf.upsertSearchAttributes(pairs);
  }

  /** One event at a time: a handler's work starts when the previous one's has finished. */
  function serially<T>(work: () => Promise<T>): Promise<T> {
    busy += 1;
    const run = tail.then(work).finally(() => {
      busy -= 1;
    });
    tail = run.catch(() => undefined);
    return run;
  }

  const perform = createEffectRunner(conversationId, () => snapshot);

  /**
   * Feeds the event to the machine and runs what it asks for, then the events those results
   * cause, until the machine settles. A refused first event is the caller's error (409); a refused
   * follow-up is a bug and fails the workflow task, which operators see as a stuck handoff.
   */
  async function process(first: ConversationEvent): Promise<ConversationReply> {
    if (!accepts(snapshot, first)) throw refusal(first);
    const replies: StoredMessage[] = [];
    const pending: ConversationEvent[] = [first];
    for (let event = pending.shift(); event; event = pending.shift()) {
      const before = publicStateOf(snapshot);
      const agentBefore = snapshot.context.agentId;
      const next = step(snapshot, event);
      snapshot = next.snapshot;
      changes += 1;
      const after = publicStateOf(snapshot);
      if (after !== before) recheckAt = after === 'queued' ? Date.now() + recheckMs : null;
      // A new state, or a new agent in the same one (the next offer, a transfer to a colleague).
      if (after !== before || snapshot.context.agentId !== agentBefore) publishSearchAttributes();
      for (const effect of next.effects) {
        const followUp = await perform(effect, replies);
        if (followUp) pending.push(followUp);
      }
    }
    return { state: publicStateOf(snapshot), replies };
  }

  const refuseUnlessAccepted = (event: ConversationEvent) => {
    if (!accepts(snapshot, event)) throw refusal(event);
  };

  wf.setHandler(
    customerMessageUpdate,
    async ({ messageId, text }) => {
      const earlier = handled.get(messageId);
      if (earlier) return earlier;
      return serially(async () => {
        const again = handled.get(messageId);
        if (again) return again;
        const reply = await process({ type: 'CUSTOMER_MESSAGE_RECEIVED', messageId, text, at: now() });
        handled.set(messageId, reply);
        if (handled.size > HANDLED_KEPT) handled.delete(handled.keys().next().value as string);
        return reply;
      });
    },
    {
      validator: ({ messageId, text }) => {
        if (handled.has(messageId)) return;
        refuseUnlessAccepted({ type: 'CUSTOMER_MESSAGE_RECEIVED', messageId, text, at: '' });
      },
    },
  );

  const handoffEvent = (trigger: 'menu' | 'service_request', reason: string | null, at: string): ConversationEvent => ({
    type: 'ESCALATION_REQUESTED',
    trigger,
    messageId: null,
    evidence: reason,
    at,
  });
  wf.setHandler(handoffUpdate, ({ trigger, reason }) => serially(() => process(handoffEvent(trigger, reason, now()))), {
    validator: ({ trigger, reason }) => refuseUnlessAccepted(handoffEvent(trigger, reason, '')),
  });

  wf.setHandler(resolveUpdate, ({ agentId }) => serially(() => process({ type: 'RESOLVE_REQUESTED', agentId, at: now() })), {
    validator: ({ agentId }) => refuseUnlessAccepted({ type: 'RESOLVE_REQUESTED', agentId, at: '' }),
  });

  wf.setHandler(botFeedbackUpdate, ({ messageId, helpful }) => serially(() => process({ type: 'BOT_FEEDBACK_RECEIVED', messageId, helpful })), {
    validator: ({ messageId, helpful }) => refuseUnlessAccepted({ type: 'BOT_FEEDBACK_RECEIVED', messageId, helpful }),
  });

  wf.setHandler(takeoverUpdate, ({ agentId }) => serially(() => process({ type: 'TAKEOVER_REQUESTED', agentId, at: now() })), {
    validator: ({ agentId }) => refuseUnlessAccepted({ type: 'TAKEOVER_REQUESTED', agentId, at: '' }),
  });

  wf.setHandler(leaveQueueUpdate, ({ choice }) => serially(() => process({ type: 'QUEUE_LEFT', choice, at: now() })), {
    validator: ({ choice }) => refuseUnlessAccepted({ type: 'QUEUE_LEFT', choice, at: '' }),
  });

  wf.setHandler(agentMessageUpdate, (args) => serially(() => process({ type: 'AGENT_MESSAGE_SENT', ...args })), {
    validator: (args) => refuseUnlessAccepted({ type: 'AGENT_MESSAGE_SENT', ...args }),
  });

  /**
   * An agent may answer an offer they see on their desk (the database) before this workflow has
   * heard of it: while still queued, it first re-reads its assignment, then takes the answer.
   */
  const answerOffer = (event: ConversationEvent) =>
    serially(async () => {
      const catchUp: ConversationEvent = { type: 'QUEUE_RECHECK_DUE', at: now() };
      if (publicStateOf(snapshot) === 'queued' && accepts(snapshot, catchUp)) await process(catchUp);
      return process(event);
    });
  const refuseUnlessAnswerable = (event: ConversationEvent) => {
    if (publicStateOf(snapshot) !== 'queued') refuseUnlessAccepted(event);
  };

  wf.setHandler(acceptOfferUpdate, ({ agentId }) => answerOffer({ type: 'OFFER_ACCEPTED', agentId, at: now() }), {
    validator: ({ agentId }) => refuseUnlessAnswerable({ type: 'OFFER_ACCEPTED', agentId, at: '' }),
  });

  wf.setHandler(declineOfferUpdate, ({ agentId }) => answerOffer({ type: 'OFFER_DECLINED', agentId, at: now() }), {
    validator: ({ agentId }) => refuseUnlessAnswerable({ type: 'OFFER_DECLINED', agentId, at: '' }),
  });

  const transferEvent = (args: TransferArgs, at: string): ConversationEvent => ({
    type: 'TRANSFER_REQUESTED',
    ...args,
    at,
  });
  wf.setHandler(
    transferUpdate,
    (args) =>
      serially(async () => {
        const reply = await process(transferEvent(args, now()));
        // The database refused (the target agent is busy or away): nothing changed, and the caller hears why.
        const refusal = snapshot.context.transferRefusal;
        if (refusal) {
          throw wf.ApplicationFailure.create({ type: TRANSITION_REFUSED, message: refusal, nonRetryable: true, details: [{ state: publicStateOf(snapshot), event: 'TRANSFER_REQUESTED' }] });
        }
        return reply;
      }),
    { validator: (args) => refuseUnlessAccepted(transferEvent(args, '')) },
  );

  // The router's word that the database gave this conversation an agent. Signals may repeat or
  // arrive late, so the signal is only a nudge: the conversation re-reads its assignment from the
  // database, the truth, at once instead of at the next recheck.
  wf.setHandler(agentAssignedSignal, ({ agentId }) => {
    void serially(async () => {
      const event: ConversationEvent = { type: 'QUEUE_RECHECK_DUE', at: now() };
      if (accepts(snapshot, event)) await process(event);
      else wf.log.info('agent assignment signal ignored', { agentId, state: statePathOf(snapshot) });
    });
  });

  wf.setHandler(conversationViewQuery, view);

  /**
   * What the workflow's own clock must do next: run out an unanswered offer; or, while queued, the
   * earliest of the database recheck, the customer's next reminder and the next relaxation step.
   */
  function nextWake(): { at: number; event: () => ConversationEvent } | null {
    const { offer, queue, waitPolicy, requirement } = snapshot.context;
    if (offer && statePathOf(snapshot) === 'agent_assigned.offered') {
      return { at: Date.parse(offer.expiresAt), event: () => ({ type: 'OFFER_TIMED_OUT', agentId: offer.agentId, at: now() }) };
    }
    if (recheckAt === null) return null;
    const announcedAt = queue?.announcedAt;
    const reminderAt = announcedAt ? Date.parse(announcedAt) + waitPolicy.reminderSeconds * 1000 : Infinity;
    const step = requirement?.relax?.[0];
    const relaxAt = step && queue ? Date.parse(queue.enteredAt) + step.afterSeconds * 1000 : Infinity;
    return {
      at: Math.min(recheckAt, reminderAt, relaxAt),
      event: () => {
        recheckAt = Date.now() + recheckMs;
        return { type: 'QUEUE_RECHECK_DUE', at: now() };
      },
    };
  }

  publishSearchAttributes();
  if (publicStateOf(snapshot) === 'queued') recheckAt = Date.now() + recheckMs;
  const idle = () => busy === 0 && wf.allHandlersFinished();

  while (publicStateOf(snapshot) !== 'resolved') {
    if (wf.workflowInfo().continueAsNewSuggested) {
      await wf.condition(idle);
      if (publicStateOf(snapshot) === 'resolved') break;
      await wf.continueAsNew<typeof conversationWorkflow>({
        conversation,
        settings,
        carried: {
          snapshot: persist(snapshot),
          handled: [...handled].map(([messageId, reply]) => ({ messageId, reply })),
          runs,
        },
      });
    }
    const seen = changes;
    const woken = () => changes !== seen || wf.workflowInfo().continueAsNewSuggested;
    const wake = nextWake();
    if (wake === null) {
      await wf.condition(woken);
      continue;
    }
    const wokeEarly = await wf.condition(woken, Math.max(1, wake.at - Date.now()));
    if (wokeEarly) continue;
    // An offer ran out; or the database is the truth and a queued conversation looks for an
    // assignment it was not told of, relaxes its requirement when due, and re-estimates its wait
    // (which re-announces it when due).
    await serially(async () => {
      const due = wake.event();
      if (accepts(snapshot, due)) await process(due);
    });
  }
  await wf.condition(idle);
  return view();
}
