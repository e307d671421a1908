import type { Assignment, ClaimRequest } from '../routing/assignments';
import { claimAgentFor, claimSpecificAgent, releaseConversation } from '../routing/claims';
import { answerOffer, withdrawOffer } from '../routing/offers';
import { offerWaitingWork } from '../routing/offer-waiting';
import { transferConversation } from '../routing/transfers';
import { firstStaffedStep } from '../routing/staffing';
import { queueStanding } from '../routing/wait-estimate';
import type { Channel, QueueStanding, Requirement, TransferTarget } from '../domain/conversation';
import { handoffAcceptSeconds, offersTotal } from '../observability/metrics';
import { temporalActivityLogger } from './log';
import type { ActivityDependencies } from './types';

export interface WithdrawOfferInput extends ClaimRequest {
  agentId: string;
  reason: 'declined' | 'timed_out';
  awayAfterMissed: number;
}

export interface TransferInput {
  conversationId: string;
  /** Unique per transfer asked for; a retry reuses it. */
  stepKey: string;
  byAgentId: string | null;
  target: TransferTarget;
  requirement: Requirement;
  channel: Channel;
  note: string | null;
}

export type TransferOutcome = { refused: string } | { agentId: string | null; accepted: boolean };

export function createRoutingActivities({ db, notifyAssignment, logger = temporalActivityLogger }: ActivityDependencies) {
  /**
   * Fills an agent's freed capacity from the queue and tells each conversation
   * (routing/offer-waiting.ts). The claims stand; a notification that fails is logged, not thrown,
   * because the waiting workflow's own recheck of the database recovers it — failing the activity
   * would retry work already done. A failed claim still fails the activity.
   */
  const fillFreedSlots = (agentId: string): Promise<Assignment[]> =>
    offerWaitingWork(db, agentId, { notify: notifyAssignment, warnings: logger });

  return {
    /** Offers the conversation to the best available agent with the skill in one transaction, or queues it. Idempotent. */
    async matchSkills(request: ClaimRequest & { agentId?: string | null }): Promise<Assignment | null> {
      if (request.agentId) {
        // An agent stepped in: theirs if they can take it, else the conversation waits like any other.
        const taken = await claimSpecificAgent(db, { conversationId: request.conversationId, agentId: request.agentId, skill: request.requirement.skill });
        if (taken) return taken;
      }
      return claimAgentFor(db, request);
    },

    /** Which of the requirement's steps is the first someone on duty could meet (routing/staffing.ts). */
    async firstStaffedStep(request: Omit<ClaimRequest, 'waitingSince'>): Promise<number | null> {
      return firstStaffedStep(db, request);
    },

    /** The agent took the offer. False when they hold no offer of it (it was withdrawn). Counted by the attempt that accepted it. */
    async acceptOffer({ conversationId, agentId }: { conversationId: string; agentId: string }): Promise<boolean> {
      const { held, acceptedAfterSeconds, skill } = await answerOffer(db, conversationId, agentId);
      if (acceptedAfterSeconds !== null) {
        offersTotal.inc({ outcome: 'accepted' });
        handoffAcceptSeconds.observe({ skill: skill ?? 'unknown' }, acceptedAfterSeconds);
      }
      return held;
    },

    /**
     * Takes back a declined or expired offer and offers the conversation to the next best agent
     * (never this one again), or queues it where it stood. The agent's freed slot goes to someone
     * else waiting. Idempotent: a retry finds the next offer already made and returns it.
     */
    async withdrawOffer({ agentId, reason, awayAfterMissed, ...claim }: WithdrawOfferInput): Promise<Assignment | null> {
      const { withdrawn, agentSetAway } = await withdrawOffer(db, { conversationId: claim.conversationId, agentId, reason, awayAfterMissed });
      if (withdrawn) offersTotal.inc({ outcome: reason });
      const next = await claimAgentFor(db, claim);
      if (withdrawn && !agentSetAway) await fillFreedSlots(agentId);
      return next;
    },

    /** Hands the conversation to another agent or back to the queue for a skill; all or nothing. */
    async transferConversation({ conversationId, stepKey, byAgentId, target, requirement, channel, note }: TransferInput): Promise<TransferOutcome> {
      const result = await transferConversation(db, {
        conversationId,
        stepKey,
        fromAgentId: byAgentId,
        ...('agentId' in target ? { toAgentId: target.agentId } : {}),
        requirement,
        channel,
        note,
      });
      if (result.outcome === 'refused') return { refused: result.reason };
      await fillFreedSlots(result.fromAgentId);
      return result.outcome === 'assigned' ? { agentId: result.assignment.agentId, accepted: result.assignment.accepted } : { agentId: null, accepted: false };
    },

    /** The conversation's place in line and the expected wait; null once it has left the queue. */
    async estimateWait({ conversationId }: { conversationId: string }): Promise<QueueStanding | null> {
      return queueStanding(db, conversationId);
    },

    /** Ends the conversation's claim on the queue and on its agent, then fills the freed capacity. */
    async releaseRouting({ conversationId }: { conversationId: string }): Promise<Assignment[]> {
      const { freedAgentId } = await releaseConversation(db, conversationId);
      return freedAgentId ? fillFreedSlots(freedAgentId) : [];
    },
  };
}
