import type { HandoffBrief, Transfer } from '../domain/brief';
import type { Queryable } from './queryable';

/**
 * Reads of the assignments for the API. The claims that write them are the routing engine's
 * transactional core and live with it (routing/assignments.ts, claims.ts, offers.ts, transfers.ts).
 */

/** One assignment as an agent desk's feed tells it: every offer is kept with its answer. */
export interface DeskAssignment {
  id: string;
  conversationId: string;
  assignedAt: Date;
  acceptedAt: Date | null;
  offerExpiresAt: Date | null;
  endedAt: Date | null;
  endReason: string | null;
}

/**
 * The agent's assignments to tell of: with no position yet, the open ones; after `afterId`, the
 * newer ones and those in `stillOpen` (told of while open, to see them end). Oldest first.
 */
export async function deskAssignments(
  db: Queryable,
  agentId: string,
  { afterId, stillOpen }: { afterId: string | null; stillOpen: string[] },
): Promise<DeskAssignment[]> {
  const result = await db.query<{
    id: string;
    conversation_id: string;
    assigned_at: Date;
    accepted_at: Date | null;
    offer_expires_at: Date | null;
    ended_at: Date | null;
    end_reason: string | null;
  }>(
    `select id, conversation_id, assigned_at, accepted_at, offer_expires_at, ended_at, end_reason from assignments
      where agent_id = $1 and (case when $2::bigint is null then ended_at is null else id > $2 or id = any ($3::bigint[]) end)
      order by id`,
    [agentId, afterId, stillOpen],
  );
  return result.rows.map((row) => ({
    id: row.id,
    conversationId: row.conversation_id,
    assignedAt: row.assigned_at,
    acceptedAt: row.accepted_at,
    offerExpiresAt: row.offer_expires_at,
    endedAt: row.ended_at,
    endReason: row.end_reason,
  }));
}

/** The newest assignment the agent ever had, `'0'` when none: where a desk's feed starts. */
export async function newestAssignmentId(db: Queryable, agentId: string): Promise<string> {
  const result = await db.query<{ id: string | null }>('select max(id) as id from assignments where agent_id = $1', [agentId]);
  return result.rows[0]?.id ?? '0';
}

/**
 * The conversations an agent holds now — offered ones to answer, accepted ones to work — each with
 * the brief and the transfers that travelled with it.
 */
export async function agentConversations(db: Queryable, agentId: string) {
  const result = await db.query<{ conversation_id: string; assigned_at: Date; accepted_at: Date | null; offer_expires_at: Date | null; brief: HandoffBrief | null; transfers: Transfer[] }>(
    `select a.conversation_id, a.assigned_at, a.accepted_at, a.offer_expires_at, b.brief,
            coalesce((select json_agg(json_build_object('fromAgentId', t.from_agent_id, 'toAgentId', t.to_agent_id, 'toSkill', t.to_skill, 'note', t.note, 'at', t.at) order by t.at, t.id)
                        from transfers t where t.conversation_id = a.conversation_id), '[]') as transfers
       from assignments a left join handoff_briefs b on b.conversation_id = a.conversation_id
      where a.agent_id = $1 and a.ended_at is null
      order by a.assigned_at`,
    [agentId],
  );
  return result.rows.map((row) => ({
    conversationId: row.conversation_id,
    status: row.accepted_at ? ('active' as const) : ('offered' as const),
    assignedAt: row.assigned_at.toISOString(),
    offerExpiresAt: row.accepted_at ? null : (row.offer_expires_at?.toISOString() ?? null),
    brief: row.brief,
    transfers: row.transfers,
  }));
}
