import type { Pool } from 'pg';
import { inTransaction } from '../db/pool';
import { claimLock, endAssignment, rememberRefusal } from './assignments';

/** What an agent's accepting found. */
export interface OfferAnswer {
  /** The agent holds the offer accepted, now or before. */
  held: boolean;
  /** When this call was the one that accepted it: seconds from the offer to the acceptance, as the database dated them. */
  acceptedAfterSeconds: number | null;
  /** The skill the conversation was offered for. */
  skill: string | null;
}

/** The agent takes the offer. Idempotent: a retry finds it held, and says it was not the one that accepted it. */
export async function answerOffer(db: Pool, conversationId: string, agentId: string): Promise<OfferAnswer> {
  return inTransaction(db, async (client) => {
    const result = await client.query<{ newly: boolean; seconds: number; skill: string }>(
      `update assignments a set accepted_at = coalesce(a.accepted_at, now())
         from (select id, accepted_at is null as unanswered from assignments
                where conversation_id = $1 and agent_id = $2 and ended_at is null for update) prior
        where a.id = prior.id
       returning prior.unanswered as newly, extract(epoch from a.accepted_at - a.assigned_at)::float8 as seconds, a.skill`,
      [conversationId, agentId],
    );
    const row = result.rows[0];
    if (result.rowCount !== 1 || !row) return { held: false, acceptedAfterSeconds: null, skill: null };
    await client.query('update agents set missed_offers = 0 where id = $1', [agentId]);
    return { held: true, acceptedAfterSeconds: row.newly ? Math.max(0, row.seconds) : null, skill: row.skill };
  });
}

/** The agent takes the offer. Idempotent: true when the agent holds it accepted, now or before. */
export async function acceptOffer(db: Pool, conversationId: string, agentId: string): Promise<boolean> {
  return (await answerOffer(db, conversationId, agentId)).held;
}

export interface WithdrawnOffer {
  /** Whether an unanswered offer to this agent was withdrawn (false on a retry that already did). */
  withdrawn: boolean;
  /** The agent was set away for letting too many offers in a row run out. */
  agentSetAway: boolean;
}

/**
 * Takes back an offer the agent declined or let run out: the assignment ends, the slot is freed,
 * and the agent is never offered this conversation again. Too many missed offers in a row set the
 * agent away, so customers stop being offered to someone who is not there. Idempotent.
 */
export async function withdrawOffer(
  db: Pool,
  { conversationId, agentId, reason, awayAfterMissed }: { conversationId: string; agentId: string; reason: 'declined' | 'timed_out'; awayAfterMissed: number },
): Promise<WithdrawnOffer> {
  return inTransaction(
    db,
    async (client) => {
      const ended = await endAssignment(client, conversationId, reason, agentId);
      await rememberRefusal(client, conversationId, agentId, reason);
      if (!ended) return { withdrawn: false, agentSetAway: false };
      if (reason === 'declined') {
        await client.query('update agents set missed_offers = 0 where id = $1', [agentId]);
        return { withdrawn: true, agentSetAway: false };
      }
      const missed = await client.query<{ away: boolean }>(
        `update agents set missed_offers = case when missed_offers + 1 >= $2 then 0 else missed_offers + 1 end,
                status = case when missed_offers + 1 >= $2 and status = 'available' then 'away' else status end,
                status_changed_at = case when missed_offers + 1 >= $2 and status = 'available' then now() else status_changed_at end
          where id = $1
          returning status = 'away' and missed_offers = 0 as away`,
        [agentId, awayAfterMissed],
      );
      return { withdrawn: true, agentSetAway: missed.rows[0]?.away ?? false };
    },
    { advisoryLock: claimLock(conversationId) },
  );
}
