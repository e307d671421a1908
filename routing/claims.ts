import type { Pool, PoolClient } from 'pg';
import { inTransaction, pgErrorCode } from '../db/pool';
import { seedOf } from './eta/random';
import type { Channel, Requirement } from '../machines/domain';

/**
 * Assignment that cannot double-assign. Postgres is the truth:
 * - a partial unique index allows one live assignment per conversation;
 * - `load <= capacity` is a check constraint and every claim bumps load with `where load < capacity`;
 * - candidates are locked with `for update skip locked`, so concurrent claims never wait on each
 *   other and never pick the same row;
 * - claims for one conversation are serialised by a transaction-scoped advisory lock.
 * Claims are idempotent: claiming for a conversation that already holds an assignment returns it.
 */

export interface Assignment {
  conversationId: string;
  agentId: string;
}

export interface ClaimRequest {
  conversationId: string;
  requirement: Requirement;
  channel: Channel;
}

const UNIQUE_VIOLATION = '23505';

async function liveAssignment(client: PoolClient, conversationId: string): Promise<Assignment | null> {
  const result = await client.query<{ agent_id: string }>(
    'select agent_id from assignments where conversation_id = $1 and ended_at is null',
    [conversationId],
  );
  const agentId = result.rows[0]?.agent_id;
  return agentId ? { conversationId, agentId } : null;
}

/**
 * Gives the conversation the best fitting available agent, or puts it in the queue. Best: the
 * lowest relative load, then the highest skill level, then the longest since their last assignment.
 */
export async function claimAgentFor(db: Pool, request: ClaimRequest): Promise<Assignment | null> {
  const { conversationId, requirement, channel } = request;
  for (let attempt = 1; ; attempt += 1) {
    try {
      // One claim per conversation at a time: a retried claim waits for the first and sees its result.
      return await inTransaction(db, async (client) => {
        // Waits for a concurrent offer of this queued conversation to finish; the next statement,
        // with a fresh snapshot, then sees its result.
        await client.query('select 1 from queue_entries where conversation_id = $1 for update', [conversationId]);
        const existing = await liveAssignment(client, conversationId);
        if (existing) return existing;
        // Driven from the skill (its index), so only agents who have it are looked at.
        const candidate = await client.query<{ id: string; score: number; free_share: number; level: number; idle_seconds: number }>(
          `with skilled as materialized (select agent_id, level from agent_skills where skill = $1 and level >= $2)
           select a.id, ${SCORE_SQL} as score, a.free_share, s.level, a.idle_seconds
             from skilled s
             cross join lateral (
               select id, 1 - load::float / capacity as free_share,
                      coalesce(extract(epoch from now() - coalesce(last_assigned_at, status_changed_at)), 0)::float as idle_seconds
                 from agents a
                -- Re-checked on the locked row: an agent filled meanwhile by another claim is skipped.
                where a.id = s.agent_id and a.status = 'available' and a.load < a.capacity
                  and (cardinality(a.channels) = 0 or $3 = any (a.channels))
                  and ($4::text is null or cardinality(a.languages) = 0 or $4 = any (a.languages))
             ) a
            order by score desc, a.id
            limit 1
            for update of a skip locked`,
          [requirement.skill, requirement.minLevel, channel, requirement.language],
        );
        const best = candidate.rows[0];
        const agentId = best?.id;
        if (!agentId) {
          await client.query(
            `insert into queue_entries (conversation_id, skill, min_level, priority, language, channel)
             values ($1, $2, $3, $4, $5, $6) on conflict (conversation_id) do nothing`,
            [conversationId, requirement.skill, requirement.minLevel, Math.min(MAX_PRIORITY, Math.max(0, requirement.priority)), requirement.language, channel],
          );
          return null;
        }
        await assign(client, conversationId, agentId, requirement.skill, reasonOf(best!, requirement.skill));
        return { conversationId, agentId };
      }, { advisoryLock: seedOf(`claim:${conversationId}`) });
    } catch (error) {
      // Two first-time claims for one conversation raced to insert; the loser re-reads the winner's.
      if (attempt < 3 && pgErrorCode(error) === UNIQUE_VIOLATION) continue;
      throw error;
    }
  }
}

/**
 * Gives the conversation to one named agent (an agent stepping in), if they are available with a
 * free slot; null if not. Idempotent like any claim: an existing assignment is returned.
 */
export async function claimSpecificAgent(db: Pool, { conversationId, agentId, skill }: { conversationId: string; agentId: string; skill: string }): Promise<Assignment | null> {
  return inTransaction(
    db,
    async (client) => {
      await client.query('select 1 from queue_entries where conversation_id = $1 for update', [conversationId]);
      const existing = await liveAssignment(client, conversationId);
      if (existing) return existing;
      const agent = await client.query(`select 1 from agents where id = $1 and status = 'available' and load < capacity for update`, [agentId]);
      if (agent.rowCount !== 1) return null;
      await assign(client, conversationId, agentId, skill, { how: 'stepped_in', skill });
      return { conversationId, agentId };
    },
    { advisoryLock: seedOf(`claim:${conversationId}`) },
  );
}

/**
 * How the best of the fitting available agents is chosen, explainably: half for free capacity
 * (1 − load/capacity), three tenths for skill level (level/5), a fifth for time idle (up to ten
 * minutes since their last assignment or status change). Ties go to the agent id, for stability.
 */
export const SCORE_WEIGHTS = { freeCapacity: 0.5, skillLevel: 0.3, idle: 0.2, idleCapSeconds: 600 } as const;
const SCORE_SQL = `(${SCORE_WEIGHTS.freeCapacity} * a.free_share + ${SCORE_WEIGHTS.skillLevel} * s.level / 5.0 + ${SCORE_WEIGHTS.idle} * least(1, a.idle_seconds / ${SCORE_WEIGHTS.idleCapSeconds}))`;

export interface AssignmentReason {
  how: 'best_score' | 'took_from_queue' | 'stepped_in';
  skill: string;
  score?: number;
  freeCapacityShare?: number;
  skillLevel?: number;
  idleSeconds?: number;
}

function reasonOf(row: { score: number; free_share: number; level: number; idle_seconds: number }, skill: string): AssignmentReason {
  return {
    how: 'best_score',
    skill,
    score: Number(row.score.toFixed(3)),
    freeCapacityShare: Number(row.free_share.toFixed(2)),
    skillLevel: row.level,
    idleSeconds: Math.round(row.idle_seconds),
  };
}

/** The agent's load, the assignment (with why) and the queue exit, in one statement. */
async function assign(client: PoolClient, conversationId: string, agentId: string, skill: string, reason: AssignmentReason): Promise<void> {
  const result = await client.query<{ assigned: string }>(
    `with bumped as (
       update agents set load = load + 1, last_assigned_at = now() where id = $2 and load < capacity returning id
     ), assigned as (
       insert into assignments (conversation_id, agent_id, skill, reason) select $1, id, $3, $4 from bumped returning agent_id
     ), gone as (
       delete from queue_entries where conversation_id = $1 and exists (select 1 from assigned) returning skill, enqueued_at
     ), exited as (
       insert into queue_exits (conversation_id, skill, waited_seconds, outcome)
       select $1, skill, greatest(0, extract(epoch from clock_timestamp() - enqueued_at)), 'served' from gone
     )
     select count(*) as assigned from assigned`,
    [conversationId, agentId, skill, JSON.stringify(reason)],
  );
  if (Number(result.rows[0]?.assigned ?? 0) !== 1) throw new Error(`agent ${agentId} has no free capacity`);
}

/** Takes the conversation out of the queue, recording how long it waited and how it left. */
async function leaveQueue(client: PoolClient, conversationId: string, outcome: 'served' | 'abandoned'): Promise<void> {
  await client.query(
    `with gone as (delete from queue_entries where conversation_id = $1 returning skill, enqueued_at)
     insert into queue_exits (conversation_id, skill, waited_seconds, outcome)
     select $1, skill, greatest(0, extract(epoch from clock_timestamp() - enqueued_at)), $2 from gone`,
    [conversationId, outcome],
  );
}

/** Queue priorities run from 0 to this (the classification and the triggers stay within it). */
export const MAX_PRIORITY = 5;

/** Every this many seconds of waiting adds one level of priority: nobody waits forever. */
export const PRIORITY_AGING_SECONDS = 120;

/** A queue entry's priority now, aged by its wait. */
export function effectivePriority(alias: string): string {
  return `(${alias}.priority + floor(extract(epoch from now() - ${alias}.enqueued_at) / ${PRIORITY_AGING_SECONDS}))`;
}

/**
 * Fills the agent's free capacity from the queue: the highest effective priority first (priority
 * aged by the wait), then the oldest, among conversations whose requirement the agent meets.
 * Returns what it assigned.
 */
export async function offerWaitingTo(db: Pool, agentId: string): Promise<Assignment[]> {
  const assigned: Assignment[] = [];
  for (;;) {
    const next = await inTransaction(db, async (client) => {
      const agent = await client.query<{ languages: string[]; channels: string[] }>(
        `select languages, channels from agents where id = $1 and status = 'available' and load < capacity for update`,
        [agentId],
      );
      const row = agent.rows[0];
      if (!row) return null;
      // With aging the best is the oldest of some priority level, so the oldest entry per skill and
      // level (read from the index) are the only candidates; the best of them by effective priority.
      const waiting = await client.query<{ conversation_id: string; skill: string }>(
        `select q.conversation_id, q.skill
           from agent_skills s
           cross join generate_series(0, ${MAX_PRIORITY}) as level (priority)
           cross join lateral (
             select conversation_id, skill, priority, enqueued_at from queue_entries q
              where q.skill = s.skill and q.priority = level.priority and q.min_level <= s.level
                and (cardinality($2::text[]) = 0 or q.channel = any ($2::text[]))
                and (q.language is null or cardinality($3::text[]) = 0 or q.language = any ($3::text[]))
              order by q.enqueued_at, q.conversation_id
              limit 1
              for update skip locked
           ) q
          where s.agent_id = $1
          order by ${effectivePriority('q')} desc, q.enqueued_at, q.conversation_id
          limit 1`,
        [agentId, row.channels, row.languages],
      );
      const entry = waiting.rows[0];
      if (!entry) return null;
      await assign(client, entry.conversation_id, agentId, entry.skill, { how: 'took_from_queue', skill: entry.skill });
      return { conversationId: entry.conversation_id, agentId };
    });
    if (!next) return assigned;
    assigned.push(next);
  }
}

/** Takes the conversation out of the queue and ends its live assignment, freeing the agent's capacity. */
export async function releaseConversation(db: Pool, conversationId: string): Promise<{ freedAgentId: string | null }> {
  return inTransaction(db, async (client) => {
    // Still queued when the conversation ends: the customer left the line without an agent.
    await leaveQueue(client, conversationId, 'abandoned');
    const ended = await client.query<{ agent_id: string }>(
      'update assignments set ended_at = now() where conversation_id = $1 and ended_at is null returning agent_id',
      [conversationId],
    );
    const agentId = ended.rows[0]?.agent_id ?? null;
    if (agentId) await client.query('update agents set load = load - 1 where id = $1', [agentId]);
    return { freedAgentId: agentId };
  });
}

export async function findLiveAssignment(db: Pool, conversationId: string): Promise<Assignment | null> {
  const result = await db.query<{ agent_id: string }>(
    'select agent_id from assignments where conversation_id = $1 and ended_at is null',
    [conversationId],
  );
  const agentId = result.rows[0]?.agent_id;
  return agentId ? { conversationId, agentId } : null;
}

/** The live assignment of a conversation with why that agent, for the API. */
export async function assignmentOf(db: Pool, conversationId: string): Promise<{ agentId: string; assignedAt: string; reason: AssignmentReason | null } | null> {
  const result = await db.query<{ agent_id: string; assigned_at: Date; reason: AssignmentReason | null }>(
    'select agent_id, assigned_at, reason from assignments where conversation_id = $1 and ended_at is null',
    [conversationId],
  );
  const row = result.rows[0];
  return row ? { agentId: row.agent_id, assignedAt: row.assigned_at.toISOString(), reason: row.reason } : null;
}
