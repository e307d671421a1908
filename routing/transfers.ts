import type { Pool } from 'pg';
import { inTransaction } from '../db/pool';
import type { Channel, Requirement } from '../domain/conversation';
import { assign, claimLock, endAssignment, findLiveAssignment, lockAvailable, rememberRefusal, type Assignment } from './assignments';
import { claimWithin } from './claims';

export type TransferResult =
  | { outcome: 'refused'; reason: string }
  | { outcome: 'assigned'; assignment: Assignment; fromAgentId: string }
  | { outcome: 'queued'; fromAgentId: string };

/**
 * Hands a conversation from the agent holding it to another agent (offered to them, unless they
 * auto-accept), or back to the queue for another skill (offered to the best fitting agent at once
 * when one is free). All or nothing: a transfer to an agent who cannot take it changes nothing.
 * The agent who handed it over is never offered it again.
 */
export async function transferConversation(
  db: Pool,
  request: { conversationId: string; stepKey: string; fromAgentId: string | null; toAgentId?: string; requirement: Requirement; channel: Channel; note: string | null },
): Promise<TransferResult> {
  const { conversationId, stepKey, toAgentId, requirement, channel, note } = request;
  return inTransaction(
    db,
    async (client): Promise<TransferResult> => {
      const held = await findLiveAssignment(client, conversationId);
      // A retry of a transfer already made: where it left the conversation.
      const done = await client.query<{ from_agent_id: string }>('select from_agent_id from transfers where step_key = $1', [stepKey]);
      const earlier = done.rows[0];
      if (earlier) return held ? { outcome: 'assigned', assignment: held, fromAgentId: earlier.from_agent_id } : { outcome: 'queued', fromAgentId: earlier.from_agent_id };
      if (!held || !held.accepted || (request.fromAgentId !== null && held.agentId !== request.fromAgentId)) {
        return { outcome: 'refused', reason: 'the conversation is not held by that agent' };
      }
      const fromAgentId = held.agentId;
      if (toAgentId === fromAgentId) return { outcome: 'refused', reason: 'the agent already holds the conversation' };
      if (toAgentId && !(await lockAvailable(client, toAgentId))) return { outcome: 'refused', reason: `agent ${toAgentId} is not available with a free slot` };
      await endAssignment(client, conversationId, 'transferred');
      await rememberRefusal(client, conversationId, fromAgentId, 'transferred');
      await client.query('insert into transfers (conversation_id, from_agent_id, to_agent_id, to_skill, note, step_key) values ($1, $2, $3, $4, $5, $6)', [
        conversationId,
        fromAgentId,
        toAgentId ?? null,
        toAgentId ? null : requirement.skill,
        note,
        stepKey,
      ]);
      if (toAgentId) {
        const { assignment } = await assign(client, conversationId, toAgentId, requirement.skill, { how: 'transferred', skill: requirement.skill, from: fromAgentId }, 'auto');
        return { outcome: 'assigned', assignment, fromAgentId };
      }
      const assignment = await claimWithin(client, { conversationId, requirement, channel, waitingSince: null });
      return assignment ? { outcome: 'assigned', assignment, fromAgentId } : { outcome: 'queued', fromAgentId };
    },
    { advisoryLock: claimLock(conversationId) },
  );
}
