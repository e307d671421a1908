import type { HandoffBrief } from '../brief/build';
import type { CustomerProfile } from '../customers/profile';
import type { Queryable } from './queryable';

export async function saveBrief(db: Queryable, brief: HandoffBrief): Promise<void> {
  await db.query(
    `insert into handoff_briefs (conversation_id, brief) values ($1, $2)
     on conflict (conversation_id) do update set brief = excluded.brief, updated_at = now()`,
    [brief.conversationId, JSON.stringify(brief)],
  );
}

export async function getBrief(db: Queryable, conversationId: string): Promise<HandoffBrief | null> {
  const result = await db.query<{ brief: HandoffBrief }>('select brief from handoff_briefs where conversation_id = $1', [conversationId]);
  return result.rows[0]?.brief ?? null;
}

export interface FetchedProfile {
  source: string;
  profile: CustomerProfile | null;
  missing: string[];
}

export async function saveFetchedProfile(db: Queryable, conversationId: string, fetched: FetchedProfile): Promise<void> {
  await db.query(
    `insert into conversation_customer_profiles (conversation_id, source, profile, missing) values ($1, $2, $3, $4)
     on conflict (conversation_id) do update set source = excluded.source, profile = excluded.profile,
       missing = excluded.missing, fetched_at = now()`,
    [conversationId, fetched.source, fetched.profile ? JSON.stringify(fetched.profile) : null, fetched.missing],
  );
}

export async function getFetchedProfile(db: Queryable, conversationId: string): Promise<FetchedProfile | null> {
  const result = await db.query<FetchedProfile>(
    'select source, profile, missing from conversation_customer_profiles where conversation_id = $1',
    [conversationId],
  );
  return result.rows[0] ?? null;
}

export interface Transfer {
  fromAgentId: string;
  toAgentId: string | null;
  toSkill: string | null;
  note: string | null;
  at: string;
}

/** The hand-overs between agents so far, oldest first: they travel with the brief. */
export async function transfersOf(db: Queryable, conversationId: string): Promise<Transfer[]> {
  const result = await db.query<{ from_agent_id: string; to_agent_id: string | null; to_skill: string | null; note: string | null; at: Date }>(
    'select from_agent_id, to_agent_id, to_skill, note, at from transfers where conversation_id = $1 order by at, id',
    [conversationId],
  );
  return result.rows.map((row) => ({ fromAgentId: row.from_agent_id, toAgentId: row.to_agent_id, toSkill: row.to_skill, note: row.note, at: row.at.toISOString() }));
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
