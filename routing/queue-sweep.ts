import type { Pool } from 'pg';
import { withClient } from '../db/pool';
import type { Assignment } from './assignments';
import { effectivePriority } from './priority';

/**
 * The queue's side of the sweep: what one worker finds, in a few queries, for every waiting
 * conversation at once, instead of each conversation's workflow waking to look for itself.
 */

/** Only one sweep at a time across workers: the rest skip the round. */
const SWEEP_LOCK = 0x6261746f6e; // 'baton'

/**
 * The waiting conversations whose rank in their skill's line (by priority aged by the wait, then
 * age) is not the one the sweep last saw: someone ahead left, someone jumped ahead, or aging
 * reordered the line. Each rank is remembered in the same statement. A conversation the sweep sees
 * for the first time is only remembered: it announced its place itself on joining. Null when another
 * worker's sweep holds the round.
 */
export async function movedInQueue(db: Pool): Promise<string[] | null> {
  return withClient(db, async (client) => {
    try {
      await client.query('begin');
      const locked = await client.query<{ locked: boolean }>('select pg_try_advisory_xact_lock($1) as locked', [SWEEP_LOCK]);
      if (!locked.rows[0]!.locked) {
        await client.query('rollback');
        return null;
      }
      const moved = await client.query<{ id: string; before: number | null }>(
        `with ranked as (
           select q.conversation_id,
                  q.seen_rank,
                  row_number() over (partition by q.skill order by ${effectivePriority('q')} desc, q.enqueued_at, q.conversation_id)::int as rank
             from queue_entries q)
         update queue_entries e set seen_rank = r.rank
           from ranked r
          where e.conversation_id = r.conversation_id and e.seen_rank is distinct from r.rank
         returning e.conversation_id as id, r.seen_rank as before`,
      );
      await client.query('commit');
      return moved.rows.filter((row) => row.before !== null).map((row) => row.id);
    } catch (error) {
      await client.query('rollback').catch(() => undefined);
      throw error;
    }
  });
}

/**
 * Assignments the database made that their conversation's workflow has not acted on: live for
 * `olderThanSeconds` while the conversation is still recorded as queued (the signal after the claim
 * was lost: the worker died in between, or Temporal was unreachable for a moment).
 */
export async function unheardAssignments(db: Pool, olderThanSeconds: number): Promise<Assignment[]> {
  const result = await db.query<{ conversation_id: string; agent_id: string; accepted: boolean }>(
    `select a.conversation_id, a.agent_id, a.accepted_at is not null as accepted
       from assignments a join conversations c on c.id = a.conversation_id
      where a.ended_at is null and c.state = 'queued' and a.assigned_at < now() - make_interval(secs => $1)`,
    [olderThanSeconds],
  );
  return result.rows.map((row) => ({ conversationId: row.conversation_id, agentId: row.agent_id, accepted: row.accepted }));
}

/**
 * Available agents with a free slot while someone waits for a skill they have: the offer that
 * should have followed their last change (coming back, a slot freed) was not made, or a waiting
 * conversation's own claim missed them. Nothing when nobody waits.
 */
export async function agentsWithRoomForWaiting(db: Pool): Promise<string[]> {
  const result = await db.query<{ id: string }>(
    `select a.id from agents a
      where a.status = 'available' and a.load < a.capacity
        and exists (select 1 from agent_skills s join queue_entries q on q.skill = s.skill and q.min_level <= s.level where s.agent_id = a.id)
      order by a.id`,
  );
  return result.rows.map((row) => row.id);
}
