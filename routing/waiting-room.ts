import type { Pool } from 'pg';
import { inTransaction } from '../db/pool';
import { effectivePriority } from './priority';

export interface QueueRaise {
  priorityFrom: number;
  priorityTo: number;
  skillFrom: string;
  skillTo: string;
  /** The waiting conversations this one passed: their place in line is one further back now. */
  overtaken: string[];
}

/**
 * Raises a waiting conversation's queue entry to at least `priority` and, with `skill`, moves it to
 * that skill's line, in one transaction with the entry locked. Says whom it overtook: the entries of
 * its old or new line that stood ahead of it before and behind it after. Null when it is not queued
 * (being prepared or assigned) or nothing changes.
 */
export async function raiseInQueue(db: Pool, conversationId: string, { priority, skill }: { priority: number; skill: string | null }): Promise<QueueRaise | null> {
  return inTransaction(db, async (client) => {
    const entry = await client.query<{ priority: number; skill: string }>('select priority, skill from queue_entries where conversation_id = $1 for update', [conversationId]);
    const before = entry.rows[0];
    if (!before) return null;
    const priorityTo = Math.max(before.priority, priority);
    const skillTo = skill ?? before.skill;
    if (priorityTo === before.priority && skillTo === before.skill) return null;
    const ahead = async () => {
      const rows = await client.query<{ id: string }>(
        `select q.conversation_id as id from queue_entries q, queue_entries me
          where me.conversation_id = $1 and q.conversation_id <> $1 and q.skill = any ($2::text[])
            and (${effectivePriority('q')} > ${effectivePriority('me')}
                 or (${effectivePriority('q')} = ${effectivePriority('me')} and (q.enqueued_at, q.conversation_id) < (me.enqueued_at, me.conversation_id)))`,
        [conversationId, [before.skill, skillTo]],
      );
      return new Set(rows.rows.map((row) => row.id));
    };
    const aheadBefore = await ahead();
    await client.query(
      `update queue_entries set priority = $2, skill = $3, min_level = case when skill = $3 then min_level else 1 end where conversation_id = $1`,
      [conversationId, priorityTo, skillTo],
    );
    const aheadAfter = await ahead();
    return {
      priorityFrom: before.priority,
      priorityTo,
      skillFrom: before.skill,
      skillTo,
      overtaken: [...aheadBefore].filter((id) => !aheadAfter.has(id)).sort(),
    };
  });
}
