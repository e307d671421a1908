import * as wf from '@temporalio/workflow';
import type { UpdateDefinition } from '@temporalio/common';
import type { ConversationEvent } from '../machines/conversation';
import { nextDeadline, persist, restore, start } from '../machines/step';
import {
  acceptOfferUpdate,
  agentAssignedSignal,
  queueReorderedSignal,
  agentMessageUpdate,
  botFeedbackUpdate,
  conversationViewQuery,
  customerMessageUpdate,
  declineOfferUpdate,
  handoffUpdate,
  leaveQueueUpdate,
  resolveUpdate,
  takeoverUpdate,
  transferUpdate,
  type ConversationReply,
  type ConversationView,
  type ConversationWorkflow,
  type ConversationWorkflowInput,
  type OfferAnswerArgs,
} from './definitions';
import { HandledMessages } from './handled-messages';
import { operatorDetails } from '../machines/operator-view';
import { OPERATOR_VIEW_PATCH, publishSearchAttributes } from './publish';
import { createSerialQueue } from './serial';
import { ConversationSession } from './session';

const SETTLE_BEFORE_ENDING = 'settle-before-ending';

/**
 * One customer conversation, for its whole life. Each signal and update becomes one machine event;
 * the machine decides (its rules and its deadlines), the session runs the effects it names. Events
 * are processed one at a time, in arrival order; the main loop only sleeps until the machine's next
 * deadline and continues-as-new when Temporal suggests it and nothing is in flight.
 */
export async function conversationWorkflow(input: ConversationWorkflowInput): Promise<ConversationView> {
  const { conversation, settings } = input;
  const runs = (input.carried?.runs ?? 0) + 1;
  const session = new ConversationSession(conversation.conversationId, input.carried ? restore(input.carried.snapshot) : start(conversation).snapshot, runs);
  const handled = new HandledMessages(input.carried?.handled);
  const serial = createSerialQueue();
  const now = () => new Date().toISOString();

  /** An update that is one event: validated against the machine first, then processed in turn. */
  function forward<A>(update: UpdateDefinition<ConversationReply, [A]>, toEvent: (args: A, at: string) => ConversationEvent): void {
    wf.setHandler(update, (args) => serial.run(() => session.process(toEvent(args, now()))), {
      validator: (args) => session.refuseUnlessAccepted(toEvent(args, '')),
    });
  }

  wf.setHandler(
    customerMessageUpdate,
    ({ messageId, text }) =>
      handled.replyTo(messageId) ??
      serial.run(async () => {
        const earlier = handled.replyTo(messageId);
        if (earlier) return earlier;
        const reply = await session.process({ type: 'CUSTOMER_MESSAGE_RECEIVED', messageId, text, at: now() });
        handled.remember(messageId, reply);
        return reply;
      }),
    {
      validator: ({ messageId, text }) => {
        if (!handled.has(messageId)) session.refuseUnlessAccepted({ type: 'CUSTOMER_MESSAGE_RECEIVED', messageId, text, at: '' });
      },
    },
  );
  forward(handoffUpdate, ({ trigger, reason }, at) => ({ type: 'ESCALATION_REQUESTED', trigger, messageId: null, evidence: reason, at }));
  forward(resolveUpdate, ({ agentId }, at) => ({ type: 'RESOLVE_REQUESTED', agentId, at }));
  forward(botFeedbackUpdate, ({ messageId, helpful }) => ({ type: 'BOT_FEEDBACK_RECEIVED', messageId, helpful }));
  forward(takeoverUpdate, ({ agentId }, at) => ({ type: 'TAKEOVER_REQUESTED', agentId, at }));
  forward(leaveQueueUpdate, ({ choice }, at) => ({ type: 'QUEUE_LEFT', choice, at }));
  forward(agentMessageUpdate, (args) => ({ type: 'AGENT_MESSAGE_SENT', ...args }));

  /**
   * An agent may answer an offer they see on their desk (the database) before this workflow has
   * heard of it: while still queued, it first re-reads its assignment, then takes the answer.
   */
  function answerOffer(update: UpdateDefinition<ConversationReply, [OfferAnswerArgs]>, type: 'OFFER_ACCEPTED' | 'OFFER_DECLINED'): void {
    wf.setHandler(
      update,
      ({ agentId }) =>
        serial.run(async () => {
          if (session.state === 'queued') await session.processIfAccepted({ type: 'QUEUE_RECHECK_DUE', at: now() });
          return session.process({ type, agentId, at: now() });
        }),
      { validator: ({ agentId }) => (session.state === 'queued' ? undefined : session.refuseUnlessAccepted({ type, agentId, at: '' })) },
    );
  }
  answerOffer(acceptOfferUpdate, 'OFFER_ACCEPTED');
  answerOffer(declineOfferUpdate, 'OFFER_DECLINED');

  wf.setHandler(
    transferUpdate,
    (args) =>
      serial.run(async () => {
        const reply = await session.process({ type: 'TRANSFER_REQUESTED', ...args, at: now() });
        // The database refused (the target agent is busy or away): nothing changed, and the caller hears why.
        const refusal = session.snapshot.context.transferRefusal;
        if (refusal) throw session.refusal('TRANSFER_REQUESTED', refusal);
        return reply;
      }),
    { validator: (args) => session.refuseUnlessAccepted({ type: 'TRANSFER_REQUESTED', ...args, at: '' }) },
  );

  // The router's word that the database gave this conversation an agent. Signals may repeat or
  // arrive late, so the signal is only a nudge: the conversation re-reads its assignment from the
  // database, the truth, at once instead of at the next recheck.
  wf.setHandler(agentAssignedSignal, () => {
    void serial.run(() => session.processIfAccepted({ type: 'QUEUE_RECHECK_DUE', at: now() }));
  });

  // Someone overtook this conversation in the queue: the customer hears their new place.
  wf.setHandler(queueReorderedSignal, () => {
    void serial.run(() => session.processIfAccepted({ type: 'QUEUE_REORDERED', at: now() }));
  });

  wf.setHandler(conversationViewQuery, () => session.view());

  publishSearchAttributes(session.snapshot, wf.patched(OPERATOR_VIEW_PATCH));
  wf.setCurrentDetails(operatorDetails(session.snapshot, Date.now()));
  const idle = () => serial.idle() && wf.allHandlersFinished();
  /**
   * Ends this run in a workflow task of its own. Completing (or continuing as new) in the task that
   * also completes an update loses that update when a signal lands meanwhile: the server refuses the
   * completion (UnhandledCommand) and the caller's update fails with "unexpected workflow task
   * failure" although its steps ran. Found under check:load: an agent's resolve answered 503.
   */
  const settle = async () => {
    await wf.condition(idle);
    while (wf.patched(SETTLE_BEFORE_ENDING)) {
      await wf.sleep(1);
      if (idle()) return; // nothing came in while it slept
      await wf.condition(idle);
    }
  };
  const resolved = () => session.state === 'resolved';
  while (!resolved()) {
    if (wf.workflowInfo().continueAsNewSuggested) {
      await settle();
      if (resolved()) break;
      await wf.continueAsNew<typeof conversationWorkflow>({
        conversation,
        settings,
        carried: { snapshot: persist(session.snapshot), handled: handled.carry(), runs },
      });
    }
    const seen = session.changes;
    const woken = () => session.changes !== seen || wf.workflowInfo().continueAsNewSuggested;
    const deadline = nextDeadline(session.snapshot, settings.queueRecheckSeconds);
    if (deadline === null) {
      await wf.condition(woken);
      continue;
    }
    if (await wf.condition(woken, Math.max(1, deadline.at - Date.now()))) continue;
    // An offer ran out; or the database is the truth and a queued conversation looks for an
    // assignment it was not told of, relaxes its requirement when due, and re-estimates its wait.
    await serial.run(() => session.processIfAccepted(deadline.event(now())));
  }
  await settle();
  return session.view();
}

// The signature clients start it by (workflows/definitions.ts), checked here.
conversationWorkflow satisfies ConversationWorkflow;
