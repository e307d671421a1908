import type { HandoffBrief, Transfer, WaitingRoomNote } from '../domain/brief';
import type { CustomerProfile } from '../domain/customer';
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

/** The hand-overs between agents so far, oldest first: they travel with the brief. */
export async function transfersOf(db: Queryable, conversationId: string): Promise<Transfer[]> {
  const result = await db.query<{ from_agent_id: string; to_agent_id: string | null; to_skill: string | null; note: string | null; at: Date }>(
    'select from_agent_id, to_agent_id, to_skill, note, at from transfers where conversation_id = $1 order by at, id',
    [conversationId],
  );
  return result.rows.map((row) => ({ fromAgentId: row.from_agent_id, toAgentId: row.to_agent_id, toSkill: row.to_skill, note: row.note, at: row.at.toISOString() }));
}

/** What a supervisor's lists show of a handed-over conversation at a glance. */
export interface Triage {
  category: string | null;
  priority: number | null;
  /** The skill it waits for or was assigned by. */
  skill: string | null;
  summary: string | null;
}

/** Triage of each conversation that has a brief, a queue entry or a live assignment, by id. */
export async function triageOf(db: Queryable, conversationIds: string[]): Promise<Map<string, Triage>> {
  const result = await db.query<{ id: string; category: string | null; priority: number | null; skill: string | null; summary: string | null }>(
    `select c.id,
            b.brief -> 'classification' ->> 'category' as category,
            coalesce(q.priority, (b.brief -> 'classification' ->> 'priority')::int) as priority,
            coalesce(q.skill, a.skill) as skill,
            b.brief ->> 'summary' as summary
       from unnest($1::uuid[]) as c (id)
       left join handoff_briefs b on b.conversation_id = c.id
       left join queue_entries q on q.conversation_id = c.id
       left join assignments a on a.conversation_id = c.id and a.ended_at is null
      where b.conversation_id is not null or q.conversation_id is not null or a.id is not null`,
    [conversationIds],
  );
  return new Map(result.rows.map(({ id, ...triage }) => [id, triage]));
}

/**
 * Records in the brief what a message written while waiting changed: the note, and the priority it
 * raised to. Nothing happens when the conversation has no brief yet (the brief built later reads
 * the message itself) or the note was recorded already (a retried step).
 */
export async function recordWaitingRoomNote(db: Queryable, conversationId: string, note: WaitingRoomNote): Promise<void> {
  await db.query(
    `update handoff_briefs
        set brief = jsonb_set(
              jsonb_set(brief, '{waitingRoom}', coalesce(brief -> 'waitingRoom', '[]'::jsonb) || jsonb_build_array($2::jsonb)),
              '{classification,priority}', to_jsonb(greatest((brief -> 'classification' ->> 'priority')::int, $3::int))),
            updated_at = now()
      where conversation_id = $1
        and not coalesce(brief -> 'waitingRoom', '[]'::jsonb) @> jsonb_build_array(jsonb_build_object('messageId', $4::text))`,
    [conversationId, JSON.stringify(note), note.priorityTo, note.messageId],
  );
}
