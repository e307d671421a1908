import * as wf from '@temporalio/workflow';
import type { SearchAttributeUpdatePair } from '@temporalio/common';
import type { ConversationEvent } from '../machines/conversation';
import type { StoredMessage } from '../machines/domain';
import { publicStateOf, statePathOf } from '../machines/public-state';
import { accepts, persist, restore, start, step, type ConversationSnapshot } from '../machines/step';
import {
  agentAssignedSignal,
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
    const { escalation, requirement, queue, agentId } = snapshot.context;
    return {
      state: publicStateOf(snapshot),
      statePath: statePathOf(snapshot),
      escalation,
      requirement,
      queue: queue && queue.position > 0 ? { position: queue.position, estimatedWaitSeconds: queue.estimatedWaitSeconds } : null,
      agentId,
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
      const next = step(snapshot, event);
      snapshot = next.snapshot;
      changes += 1;
      const after = publicStateOf(snapshot);
      if (after !== before) {
        publishSearchAttributes();
        recheckAt = after === 'queued' ? Date.now() + recheckMs : null;
      }
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

  // The router's word that the database gave this conversation an agent. Signals may repeat or
  // arrive late; one the machine no longer accepts (already assigned, resolved) changes nothing.
  wf.setHandler(agentAssignedSignal, ({ agentId }) => {
    void serially(async () => {
      const event: ConversationEvent = { type: 'AGENT_ASSIGNED', agentId, at: now() };
      if (accepts(snapshot, event)) await process(event);
      else wf.log.info('agent assignment signal ignored', { agentId, state: statePathOf(snapshot) });
    });
  });

  wf.setHandler(conversationViewQuery, view);

  /** The earlier of the next database recheck and the customer's next reminder, while queued. */
  function nextWake(): number | null {
    if (recheckAt === null) return null;
    const announcedAt = snapshot.context.queue?.announcedAt;
    const reminderAt = announcedAt ? Date.parse(announcedAt) + snapshot.context.waitPolicy.reminderSeconds * 1000 : Infinity;
    return Math.min(recheckAt, reminderAt);
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
    const wakeAt = nextWake();
    if (wakeAt === null) {
      await wf.condition(woken);
      continue;
    }
    const wokeEarly = await wf.condition(woken, Math.max(1, wakeAt - Date.now()));
    if (wokeEarly) continue;
    // The database is the truth: a queued conversation looks for an assignment it was not told of,
    // and re-estimates its wait (which re-announces it when due).
    recheckAt = Date.now() + recheckMs;
    await serially(async () => {
      const recheck: ConversationEvent = { type: 'QUEUE_RECHECK_DUE' };
      if (accepts(snapshot, recheck)) await process(recheck);
    });
  }
  await wf.condition(idle);
  return view();
}
