import type { Queryable } from './queryable';

/** How many of something there are per skill. */
export interface CountBySkill {
  skill: string;
  count: number;
}

/** Conversations in the queue, per skill they wait for: one index-backed scan of the queue. */
export async function waitingBySkill(db: Queryable): Promise<CountBySkill[]> {
  const result = await db.query<{ skill: string; count: number }>('select skill, count(*)::int as count from queue_entries group by skill order by skill');
  return result.rows;
}

/**
 * Free slots (capacity less load) of the agents available now, per skill they have; a skill whose
 * agents are all busy, away or offline reads 0 rather than going missing.
 */
export async function freeSlotsBySkill(db: Queryable): Promise<CountBySkill[]> {
  const result = await db.query<{ skill: string; count: number }>(
    `select s.skill, coalesce(sum(a.capacity - a.load) filter (where a.status = 'available'), 0)::int as count
       from agent_skills s join agents a on a.id = s.agent_id
      group by s.skill order by s.skill`,
  );
  return result.rows;
}
