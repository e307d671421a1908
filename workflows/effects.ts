import * as wf from '@temporalio/workflow';
import type { ConversationActivities } from '../activities';
import type { ConversationEvent } from '../machines/conversation';
import type { StoredMessage } from '../domain/conversation';
import { publicStateOf, statePathOf } from '../machines/public-state';
import type { ConversationSnapshot, Effect } from '../machines/step';

/** Every activity is a short database step: retried until it succeeds, never for long. */
const DATABASE_STEP: wf.ActivityOptions = {
  startToCloseTimeout: '15 seconds',
  retry: { initialInterval: '200 milliseconds', backoffCoefficient: 2, maximumInterval: '10 seconds' },
};

/**
 * Activities with these options as this conversation runs them: local once it began after `patch`
 * (run by this worker inside the workflow task, with no round trip through the server to schedule
 * each one), remote for conversations begun before, which replay as they ran.
 */
function localSince(patch: string, options: wf.ActivityOptions) {
  const remote = wf.proxyActivities<ConversationActivities>(options);
  const local = wf.proxyLocalActivities<ConversationActivities>(options);
  return () => (wf.patched(patch) ? local : remote);
}

/**
 * The short database steps, local: the round trips through the server were what a handoff or a bot
 * turn spent most of its time on. Each is idempotent (its step key comes from the workflow), so
 * running one again after a lost workflow task is safe. (Tried once before and taken back: an update
 * then failed now and then under check:load — the run ended in the task that completed it; see
 * `settle` in conversation.ts.)
 */
const LOCAL_STEPS = 'local-steps';
const steps = localSince(LOCAL_STEPS, DATABASE_STEP);

/**
 * The customer record may come from a CRM over HTTP: a few quick attempts, then the handoff goes
 * ahead without it rather than keep the customer waiting.
 */
const CUSTOMER_LOOKUP: wf.ActivityOptions = {
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '200 milliseconds', backoffCoefficient: 2, maximumAttempts: 3 },
};
/**
 * Local too, after `local-customer-lookup`: as a remote activity it cost a handoff its own trip
 * through the server's task queue and a second workflow task, the largest step left between 转人工
 * and the offer (bench:handoff). Its attempts are bounded (three, ten seconds each), so what an
 * operator loses — the pending attempt shown in the Temporal UI — lasts half a minute at most, and
 * the reason it failed still reaches the brief.
 */
const customerLookup = localSince('local-customer-lookup', CUSTOMER_LOOKUP);

/** A step's last failure: a remote activity's arrives as an ActivityFailure around its cause, a local activity's as the failure itself. */
function stepFailureReason(error: unknown): string | null {
  if (error instanceof wf.ActivityFailure) return error.cause?.message ?? error.message;
  if (error instanceof wf.ApplicationFailure || error instanceof wf.TimeoutFailure) return error.message;
  return null;
}

/** The bot's turn: a few quick attempts, then the conversation escalates rather than hang. */
const BOT_TURN: wf.ActivityOptions = {
  startToCloseTimeout: '15 seconds',
  retry: { initialInterval: '200 milliseconds', backoffCoefficient: 2, maximumAttempts: 3 },
};
const botTurn = localSince(LOCAL_STEPS, BOT_TURN);

/**
 * How each effect the machine names is carried out: the activity it runs, and the event its
 * result becomes. Replies the customer should see are collected into `replies`.
 */
export function createEffectRunner(conversationId: string, current: () => ConversationSnapshot) {
  const now = () => new Date().toISOString();

  async function perform(effect: Effect, replies: StoredMessage[]): Promise<ConversationEvent | null> {
    const snapshot = current();
    const { locale, escalation, requirement, queue, agentId, channel, profileGap, outcome, takeoverAgentId, offer, waitingSince, offerPolicy } = snapshot.context;
    const prompt = async (p: Parameters<ConversationActivities['sendPrompt']>[0]['prompt']) => {
      replies.push(await steps().sendPrompt({ conversationId, stepKey: wf.uuid4(), locale, prompt: p }));
      return null;
    };
    switch (effect.type) {
      case 'recordState':
        await steps().recordState({
          conversationId,
          state: publicStateOf(snapshot),
          path: statePathOf(snapshot),
          escalation,
          agentId,
          outcome,
          offerExpiresAt: offer?.expiresAt ?? null,
          at: now(),
        });
        return null;
      case 'answerAsBot': {
        const { messageId, text } = effect.params;
        let answer;
        try {
          answer = await botTurn().answerAsBot({ conversationId, messageId, text, locale, stepKey: wf.uuid4() });
        } catch (error) {
          const evidence = stepFailureReason(error);
          if (evidence === null) throw error;
          // The bot is down: a person takes over instead of the customer waiting on nothing.
          return { type: 'ESCALATION_REQUESTED', trigger: 'bot_unavailable', messageId, evidence, at: now() };
        }
        replies.push(...answer.replies);
        const { escalation: reason } = answer;
        return reason
          ? { type: 'ESCALATION_REQUESTED', trigger: reason.trigger, messageId, evidence: reason.evidence, at: now(), ...(reason.priority !== undefined ? { priority: reason.priority } : {}) }
          : null;
      }
      case 'weighFeedback': {
        const reason = await steps().weighFeedback({ conversationId });
        return reason
          ? { type: 'ESCALATION_REQUESTED', trigger: reason.trigger, messageId: null, evidence: reason.evidence, at: now(), ...(reason.priority !== undefined ? { priority: reason.priority } : {}) }
          : null;
      }
      case 'announceTransfer':
        return prompt({ kind: 'transferring' });
      case 'lookupCustomer':
        try {
          const { vip } = await customerLookup().fetchCustomerProfile({ conversationId });
          return { type: 'CUSTOMER_PROFILE_FOUND', vip };
        } catch (error) {
          // Not swallowed: the reason travels into the brief, which tells the agent what is missing.
          const reason = stepFailureReason(error);
          if (reason === null) throw error;
          return { type: 'CUSTOMER_PROFILE_UNAVAILABLE', reason };
        }
      case 'transferContext':
        return {
          type: 'CONTEXT_TRANSFERRED',
          requirement: await steps().transferContext({ conversationId, escalation, locale, profileGap }),
        };
      case 'matchSkills': {
        if (!requirement) throw new Error('matchSkills ran before the context transfer set a requirement');
        const assignment = await steps().matchSkills({ conversationId, requirement, channel, waitingSince, agentId: takeoverAgentId });
        if (assignment) return { type: 'AGENT_ASSIGNED', agentId: assignment.agentId, accepted: assignment.accepted, at: now() };
        // Only a requirement with a step left to widen to asks which step someone on duty could meet.
        const firstStaffedStep = requirement.relax?.length ? await steps().firstStaffedStep({ conversationId, requirement, channel }) : null;
        return { type: 'NO_AGENT_AVAILABLE', at: now(), firstStaffedStep };
      }
      case 'acceptOffer':
        if (!(await steps().acceptOffer({ conversationId, agentId: effect.params.agentId }))) {
          wf.log.warn('accepted offer not found in the database', { agentId: effect.params.agentId });
        }
        return null;
      case 'withdrawOffer': {
        if (!requirement) throw new Error('withdrawOffer without a requirement');
        const next = await steps().withdrawOffer({
          conversationId,
          agentId: effect.params.agentId,
          reason: effect.params.reason,
          awayAfterMissed: offerPolicy.awayAfterMissed,
          requirement,
          channel,
          waitingSince,
        });
        return { type: 'REROUTED', agentId: next?.agentId ?? null, accepted: next?.accepted ?? false, at: now() };
      }
      case 'transfer': {
        const { byAgentId, target, note, requirement: nextRequirement } = effect.params;
        const result = await steps().transferConversation({ conversationId, stepKey: wf.uuid4(), byAgentId, target, requirement: nextRequirement, channel, note });
        if ('refused' in result) return { type: 'TRANSFER_REFUSED', reason: result.refused };
        return { type: 'REROUTED', agentId: result.agentId, accepted: result.accepted, at: now(), requirement: nextRequirement };
      }
      case 'announceHandover':
        return prompt({ kind: 'handover' });
      case 'estimateWait': {
        const standing = await steps().estimateWait({ conversationId });
        // No standing: the queue entry is gone because an agent claimed it; the recheck finds them.
        return standing ? { type: 'WAIT_ESTIMATED', standing, at: now() } : { type: 'QUEUE_RECHECK_DUE', at: now() };
      }
      case 'triageWaitingMessage': {
        // Conversations that began before waiting-room triage replay as they ran: without it.
        if (!wf.patched('waiting-room-triage')) return null;
        const { messageId, text } = effect.params;
        const raise = await steps().triageWaitingMessage({ conversationId, messageId, text, requirement });
        return raise ? { type: 'PRIORITY_RAISED', priority: raise.priority, skill: raise.skill, signal: raise.signal, messageId, at: now() } : null;
      }
      case 'announceQueuePosition':
        if (!queue) throw new Error('announceQueuePosition without a queue standing');
        return prompt({ kind: 'queuePosition', position: queue.position, estimatedWaitSeconds: queue.estimatedWaitSeconds });
      case 'offerAlternatives':
        if (!queue?.estimatedWaitSeconds) throw new Error('offerAlternatives without a wait estimate');
        return prompt({ kind: 'callbackOffer', estimatedWaitSeconds: queue.estimatedWaitSeconds });
      case 'announceAgent':
        if (!agentId) throw new Error('announceAgent without an agent');
        return prompt({ kind: 'agentJoined', agentId });
      case 'releaseRouting':
        await steps().releaseRouting({ conversationId });
        return null;
      case 'announceResolution':
        return prompt({ kind: 'closing', outcome: outcome ?? 'resolved' });
      default: {
        const unhandled: never = effect;
        throw new Error(`unhandled effect ${JSON.stringify(unhandled)}`);
      }
    }
  }

  return perform;
}
