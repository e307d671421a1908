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

/** The conversations an agent holds now, each with the brief that travelled with it. */
export async function agentConversations(db: Queryable, agentId: string) {
  const result = await db.query<{ conversation_id: string; assigned_at: Date; brief: HandoffBrief | null }>(
    `select a.conversation_id, a.assigned_at, b.brief
       from assignments a left join handoff_briefs b on b.conversation_id = a.conversation_id
      where a.agent_id = $1 and a.ended_at is null
      order by a.assigned_at`,
    [agentId],
  );
  return result.rows.map((row) => ({ conversationId: row.conversation_id, assignedAt: row.assigned_at.toISOString(), brief: row.brief }));
}
