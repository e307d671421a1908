import { claimAgentFor, claimSpecificAgent, offerWaitingTo, releaseConversation, type Assignment, type ClaimRequest } from '../routing/claims';
import { queueStanding } from '../routing/wait-estimate';
import type { QueueStanding } from '../machines/domain';
import type { ActivityDependencies } from './types';

export function createRoutingActivities({ db, notifyAssignment }: ActivityDependencies) {
  return {
    /** Claims the best available agent with the skill in one transaction, or queues the conversation. Idempotent. */
    async matchSkills(request: ClaimRequest & { agentId?: string | null }): Promise<Assignment | null> {
      if (request.agentId) {
        // An agent stepped in: theirs if they can take it, else the conversation waits like any other.
        const taken = await claimSpecificAgent(db, { conversationId: request.conversationId, agentId: request.agentId, skill: request.requirement.skill });
        if (taken) return taken;
      }
      return claimAgentFor(db, request);
    },

    /** The conversation's place in line and the expected wait; null once it has left the queue. */
    async estimateWait({ conversationId }: { conversationId: string }): Promise<QueueStanding | null> {
      return queueStanding(db, conversationId);
    },

    /** Ends the conversation's claim on the queue and on its agent, then fills the freed capacity. */
    async releaseRouting({ conversationId }: { conversationId: string }): Promise<Assignment[]> {
      const { freedAgentId } = await releaseConversation(db, conversationId);
      if (!freedAgentId) return [];
      const offered = await offerWaitingTo(db, freedAgentId);
      // A lost notification is recovered by the waiting workflow's own recheck; the claim stands.
      await Promise.all(offered.map((assignment) => notifyAssignment(assignment)));
      return offered;
    },
  };
}
