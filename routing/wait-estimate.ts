import type { Queryable } from '../db/queryable';
import type { QueueStanding } from '../machines/domain';

/** Used until enough conversations of a skill have ended to learn its handle time. */
export const DEFAULT_HANDLE_SECONDS = 300;
const MIN_SAMPLES = 5;
const SAMPLE_SIZE = 50;

/**
 * Where a queued conversation stands. Position counts only conversations that compete for the
 * same skill and are ahead by priority, then by age. The estimate divides the work ahead (position
 * × the skill's observed mean handle time) by the concurrent capacity of agents who are available
 * and could take it; with no such agent there is no honest number, so it is null.
 * A first version for the conversation spine; the wait-estimate work replaces the predictor.
 */
export async function queueStanding(db: Queryable, conversationId: string): Promise<QueueStanding | null> {
  const result = await db.query<{ position: string; capacity: string | null; handle_seconds: number | null; samples: string }>(
    `with me as (select * from queue_entries where conversation_id = $1),
     ahead as (
       select count(*) as n from queue_entries q, me
        where q.skill = me.skill
          and (q.priority > me.priority or (q.priority = me.priority and (q.enqueued_at, q.conversation_id) < (me.enqueued_at, me.conversation_id)))
     ),
     staffing as (
       select sum(a.capacity) as capacity from agents a, me
         join agent_skills s on true
        where s.agent_id = a.id and s.skill = me.skill and s.level >= me.min_level and a.status = 'available'
          and (cardinality(a.channels) = 0 or me.channel = any (a.channels))
          and (me.language is null or cardinality(a.languages) = 0 or me.language = any (a.languages))
     ),
     recent as (
       select extract(epoch from (x.ended_at - x.assigned_at)) as seconds
         from assignments x, me where x.skill = me.skill and x.ended_at is not null
        order by x.ended_at desc limit ${SAMPLE_SIZE}
     )
     select (select n from ahead) + 1 as position,
            (select capacity from staffing) as capacity,
            (select avg(seconds)::float from recent) as handle_seconds,
            (select count(*) from recent) as samples
       from me`,
    [conversationId],
  );
  const row = result.rows[0];
  if (!row) return null;
  const position = Number(row.position);
  const capacity = Number(row.capacity ?? 0);
  const learned = Number(row.samples) >= MIN_SAMPLES && row.handle_seconds !== null;
  const handleSeconds = learned ? Math.max(1, row.handle_seconds ?? DEFAULT_HANDLE_SECONDS) : DEFAULT_HANDLE_SECONDS;
  return {
    position,
    estimatedWaitSeconds: capacity > 0 ? Math.round((position * handleSeconds) / capacity) : null,
  };
}
