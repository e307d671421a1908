import type { PoolClient } from 'pg';
import { assignmentFrom, prepared, type Assignment, type ClaimRequest } from './assignments';
import { MAX_PRIORITY } from './priority';

/**
 * How the best of the fitting available agents is chosen, explainably: half for free capacity
 * (1 − load/capacity), three tenths for skill level (level/5), a fifth for time idle (up to ten
 * minutes since their last assignment or status change). Ties go to the lower agent id among the
 * agents a claim reads.
 */
export const SCORE_WEIGHTS = { freeCapacity: 0.5, skillLevel: 0.3, idle: 0.2, idleCapSeconds: 600 } as const;

/** The score as documented, for reasons and tests; Postgres computes the same from migration 009's keys. */
export function scoreOf({ freeShare, level, idleSeconds }: { freeShare: number; level: number; idleSeconds: number }): number {
  const { freeCapacity, skillLevel, idle, idleCapSeconds } = SCORE_WEIGHTS;
  return freeCapacity * freeShare + (skillLevel * level) / 5 + idle * Math.min(1, idleSeconds / idleCapSeconds);
}

/** How far down each of the two score keys' indexes, per level, a claim reads before trusting the bound. */
const TOP_PER_KEY = 4;

// Who fits, beyond having the skill and a free slot: the level, the channel and the language, and
// never an agent who refused this conversation.
const FITS_FURTHER = `s.level >= $2
    and (cardinality(s.channels) = 0 or $3 = any (s.channels))
    and ($4::text is null or cardinality(s.languages) = 0 or $4 = any (s.languages))
    and s.agent_id not in (select agent_id from offer_refusals where conversation_id = $5)`;
const FITS = `s.skill = $1 and s.available and ${FITS_FURTHER}`;

// The score from the two time-free keys (migration 009): min(base + idle weight, idle key + the clock).
const CLOCK = `(${SCORE_WEIGHTS.idle} * extract(epoch from now())::float / ${SCORE_WEIGHTS.idleCapSeconds})`;
const KEYED_SCORE = `least(s.base_score + ${SCORE_WEIGHTS.idle}, s.idle_key + ${CLOCK})`;
const CANDIDATE_COLUMNS = `s.agent_id, s.level, s.free_share::float as free_share, extract(epoch from now() - s.idle_since)::float as idle_seconds, ${KEYED_SCORE} as score`;

/** Locks the first of `ranked` (best first) whose agents row is still available with a free slot. */
const lockFirst = (ranked: string) => `
     select a.id, r.score, r.free_share, r.level, r.idle_seconds
       from (${ranked}) r
       cross join lateral (select id from agents a where a.id = r.agent_id and a.status = 'available' and a.load < a.capacity) a
      order by r.score desc, a.id
      limit 1
      for update of a skip locked`;

/**
 * Offers the conversation to the chosen agent in the same statement that chooses: the agent's
 * slot, the assignment with why, the queue exit. `chooser` is the CTEs that end in `ranked`.
 */
const offeringTo = (chooser: string, { alsoCtes = '', answer = 'select agent_id, accepted from assigned' } = {}) => `
  with ${chooser},
  best as (${lockFirst('select * from ranked')}),
  bumped as (
    update agents a set load = a.load + 1, last_assigned_at = now()
      from best where a.id = best.id and a.load < a.capacity
    returning a.id, a.auto_accept
  ), assigned as (
    insert into assignments (conversation_id, agent_id, skill, reason, accepted_at)
    select $5, bumped.id, $1,
           jsonb_strip_nulls(jsonb_build_object('how', 'best_score', 'skill', $1::text, 'requirement', $6::text,
             'score', round(best.score::numeric, 3), 'freeCapacityShare', round(best.free_share::numeric, 2),
             'skillLevel', best.level, 'idleSeconds', round(best.idle_seconds::numeric))),
           case when bumped.auto_accept then now() end
      from bumped cross join best
    returning agent_id, accepted_at is not null as accepted
  ), gone as (
    delete from queue_entries where conversation_id = $5 and exists (select 1 from assigned) returning skill, enqueued_at
  ), exited as (
    insert into queue_exits (conversation_id, skill, waited_seconds, outcome)
    select $5, skill, greatest(0, extract(epoch from clock_timestamp() - enqueued_at)), 'served' from gone
  )${alsoCtes}
  ${answer}`;

/** Queues the conversation when `when` holds (or keeps it queued with the requirement as it is now: it may have been relaxed, or raised while waiting). */
const enqueuedWhen = (when: string) => `, enqueued as (
       insert into queue_entries (conversation_id, skill, min_level, priority, language, channel, enqueued_at)
       select $5, $1, $2, $7, $4, $3, coalesce($8::timestamptz, now()) where ${when}
       on conflict (conversation_id) do update
         set skill = excluded.skill, min_level = excluded.min_level, priority = greatest(queue_entries.priority, excluded.priority)
        where (queue_entries.skill, queue_entries.min_level) is distinct from (excluded.skill, excluded.min_level)
           or queue_entries.priority < excluded.priority
     )`;

/**
 * The best by reading only the top of each key's index at each level the requirement accepts (the
 * skill's available agents, in key order). At each level, an agent below both tops scores at most
 * min(the last base read + the idle weight, the last idle key read + the clock); when the best
 * fitting agent seen reaches the highest of those bounds, it is the best of all (a top shorter
 * than its limit held everyone at its level). Nothing when the bound is not reached, or every
 * agent reaching it is taken.
 */
const OFFER_BEST_BOUNDED = prepared(
  'claim-offer-best-bounded',
  offeringTo(`levels as (
       select generate_series($2::int, 5) as level
     ), by_base as (
       select t.* from levels l
        cross join lateral (select s.* from agent_skills s where s.skill = $1 and s.available and s.level = l.level order by s.base_score desc limit ${TOP_PER_KEY}) t
     ), by_idle as (
       select t.* from levels l
        cross join lateral (select s.* from agent_skills s where s.skill = $1 and s.available and s.level = l.level order by s.idle_key desc limit ${TOP_PER_KEY}) t
     ), bound as (
       select coalesce(max(least(b.low + ${SCORE_WEIGHTS.idle}, i.low + ${CLOCK})) filter (where b.n = ${TOP_PER_KEY}), '-infinity'::float) as score,
              -- Every top shorter than its limit: everyone available was read.
              coalesce(bool_and(b.n < ${TOP_PER_KEY}), true) as exhaustive
         from (select level, count(*) as n, min(base_score) as low from by_base group by level) b
         join (select level, min(idle_key) as low from by_idle group by level) i using (level)
     ), ranked as (
       select distinct on (s.agent_id) ${CANDIDATE_COLUMNS}
         from (select * from by_base union all select * from by_idle) s
        where ${FITS_FURTHER} and ${KEYED_SCORE} >= (select score from bound)
        order by s.agent_id
     )`,
    {
      // Having read everyone and found nobody free who fits, it queues the conversation itself.
      alsoCtes: enqueuedWhen('not exists (select 1 from assigned) and (select exhaustive from bound)'),
      answer: `select a.agent_id, a.accepted, a.agent_id is not null or (select exhaustive from bound) as decided
                 from (select 1) one left join assigned a on true`,
    },
  ),
);

/**
 * The best by scoring every fitting agent, when the bound could not decide; when nobody fits, the
 * conversation is queued by the same statement (or stays queued, with the requirement as it stands
 * now: it may have been relaxed).
 */
const OFFER_BEST_OF_ALL_OR_ENQUEUE = prepared(
  'claim-offer-best-of-all-or-enqueue',
  offeringTo(`ranked as (select ${CANDIDATE_COLUMNS} from agent_skills s where ${FITS})`, { alsoCtes: enqueuedWhen('not exists (select 1 from assigned)') }),
);

/**
 * Offers the conversation to the best fitting available agent by the score, or queues it.
 * Scored from the skill's partial indexes of available agents (agent_skills carries what the score
 * needs); the agents row is locked and re-checked, so an agent filled meanwhile by another claim
 * is skipped.
 */
export async function offerBestOrEnqueue(client: PoolClient, { conversationId, requirement, channel, waitingSince }: ClaimRequest): Promise<Assignment | null> {
  const why = requirement.why ? `${requirement.why}${(requirement.relaxed ?? []).map(describeRelaxation).join('')}` : null;
  const priority = Math.min(MAX_PRIORITY, Math.max(0, requirement.priority));
  const values = [requirement.skill, requirement.minLevel, channel, requirement.language, conversationId, why, priority, waitingSince ?? null];
  const bounded = (await client.query<{ agent_id: string | null; accepted: boolean | null; decided: boolean }>(OFFER_BEST_BOUNDED(values))).rows[0];
  if (bounded?.decided) return bounded.agent_id ? assignmentFrom(conversationId, { agent_id: bounded.agent_id, accepted: bounded.accepted ?? false }) : null;
  return assignmentFrom(conversationId, (await client.query<{ agent_id: string; accepted: boolean }>(OFFER_BEST_OF_ALL_OR_ENQUEUE(values))).rows[0]);
}

/** How one applied step reads in `assignment.reason.requirement`. */
function describeRelaxation(step: NonNullable<ClaimRequest['requirement']['relaxed']>[number]): string {
  return step.skipped
    ? `; ${step.skipped}: relaxed to ${step.skill} ≥ ${step.minLevel} at once`
    : `; relaxed to ${step.skill} ≥ ${step.minLevel} after ${step.afterSeconds} s`;
}
