import type { Pool } from 'pg';
import type { Queryable } from '../db/queryable';
import type { QueueStanding } from '../domain/conversation';
import { estimateWaitSeconds, HANDLE_TIME_WINDOW, type StaffedSlot } from './eta/estimator';
import { effectivePriority } from './priority';
import { HandleTimeModel } from './eta/handle-time-model';
import { seededRandom, seedOf } from './eta/random';

/** Used until enough conversations of a skill have ended to learn its handle times. */
export const DEFAULT_HANDLE_SECONDS = 300;
const MIN_HANDLE_SAMPLES = 20;
const ABANDONMENT_WINDOW = 5_000;
const RECENT_WORK = 20;
const MODEL_CACHE_MS = 60_000;

const models = new WeakMap<object, Map<string, { at: number; model: HandleTimeModel | null }>>();

/** The skill's recent handle times as a distribution, rebuilt at most once a minute per process. */
async function handleTimeModel(db: Queryable, skill: string): Promise<HandleTimeModel | null> {
  const perDb = models.get(db) ?? new Map();
  models.set(db, perDb);
  const cached = perDb.get(skill);
  if (cached && Date.now() - cached.at < MODEL_CACHE_MS) return cached.model;
  const result = await db.query<{ seconds: number }>(
    `select extract(epoch from ended_at - assigned_at)::float as seconds from assignments
      where skill = $1 and ended_at is not null and end_reason = 'resolved' order by ended_at desc limit ${HANDLE_TIME_WINDOW}`,
    [skill],
  );
  const samples = result.rows.map((row) => row.seconds).filter((seconds) => seconds > 0);
  const model = samples.length >= MIN_HANDLE_SAMPLES ? new HandleTimeModel(samples) : null;
  perDb.set(skill, { at: Date.now(), model });
  return model;
}

/** Forget cached handle-time models (tests that change history call this). */
export function forgetLearnedHandleTimes(db: Pool): void {
  models.delete(db);
}

interface QueueEntryRow {
  skill: string;
  min_level: number;
  priority: number;
  language: string | null;
  channel: string;
}

interface FittingAgentRow {
  id: string;
  capacity: number;
  load: number;
  elapsed: number[] | null;
  /** Of the agent's last RECENT_WORK assignments, how many were this skill's, and how many there were. */
  skill_work: number;
  recent_work: number;
  skills: number;
}

/**
 * Where a queued conversation stands, live.
 *
 * Position counts only conversations ahead by priority (aged by the wait), then age, that compete for the same
 * agents: those at least one of the agents who could take this conversation could also take. The
 * estimate comes from live staffing — each such agent's slots, how long the conversations they
 * hold have run, and the share of their recent work that was this skill's — the handle times this
 * skill has shown (its last 10,000 conversations) and how often people abandon while waiting. With
 * no agent available who could take it there is no honest number: the estimate is null.
 */
export async function queueStanding(
  db: Queryable,
  conversationId: string,
  // Seeded by the conversation, so the same situation gives the same estimate however often it is read.
  { random = seededRandom(seedOf(conversationId)) }: { random?: () => number } = {},
): Promise<QueueStanding | null> {
  const entry = await db.query<QueueEntryRow>('select skill, min_level, priority, language, channel from queue_entries where conversation_id = $1', [
    conversationId,
  ]);
  const me = entry.rows[0];
  if (!me) return null;

  const fitting = await db.query<FittingAgentRow>(
    `select a.id, a.capacity, a.load,
            (select array_agg(extract(epoch from now() - x.assigned_at)::float) from assignments x
              where x.agent_id = a.id and x.ended_at is null) as elapsed,
            (select (count(*) filter (where r.skill = $1))::float
               from (select y.skill from assignments y where y.agent_id = a.id order by y.assigned_at desc limit ${RECENT_WORK}) r) as skill_work,
            (select count(*)::float
               from (select 1 from assignments y where y.agent_id = a.id order by y.assigned_at desc limit ${RECENT_WORK}) r) as recent_work,
            (select count(*)::int from agent_skills k where k.agent_id = a.id) as skills
       from agents a join agent_skills s on s.agent_id = a.id and s.skill = $1 and s.level >= $2
      where a.status = 'available'
        and (cardinality(a.channels) = 0 or $3 = any (a.channels))
        and ($4::text is null or cardinality(a.languages) = 0 or $4 = any (a.languages))
        -- An agent who passed on this conversation is never offered it again: they will not serve it.
        and not exists (select 1 from offer_refusals r where r.conversation_id = $5 and r.agent_id = a.id)`,
    [me.skill, me.min_level, me.channel, me.language, conversationId],
  );
  const agentIds = fitting.rows.map((agent) => agent.id);

  const ahead = await db.query<{ n: string }>(
    // Compared in SQL (a timestamp through a JS Date would lose its microseconds), by priority aged by the wait.
    `with me as (select priority, enqueued_at from queue_entries where conversation_id = $1)
     select count(*) as n from queue_entries q, me
      where (${effectivePriority('q')} > ${effectivePriority('me')}
             or (${effectivePriority('q')} = ${effectivePriority('me')} and (q.enqueued_at, q.conversation_id) < (me.enqueued_at, $1)))
        and (case when cardinality($3::text[]) = 0 then q.skill = $2
             else exists (select 1 from agents a join agent_skills s on s.agent_id = a.id
                           where a.id = any ($3::text[]) and s.skill = q.skill and s.level >= q.min_level
                             and (cardinality(a.channels) = 0 or q.channel = any (a.channels))
                             and (q.language is null or cardinality(a.languages) = 0 or q.language = any (a.languages))) end)`,
    [conversationId, me.skill, agentIds],
  );
  const position = Number(ahead.rows[0]?.n ?? 0) + 1;
  if (fitting.rows.length === 0) return { position, estimatedWaitSeconds: null };

  const slots: StaffedSlot[] = fitting.rows.flatMap((agent) => {
    // The share of their recent work that was this skill's, with one conversation's worth of prior
    // from the skills they have: a qualified agent whose last few conversations happened to be
    // other work still takes this kind now and then, so is never counted out.
    const prior = 1 / Math.max(1, agent.skills);
    const share = (agent.skill_work + prior) / (agent.recent_work + 1);
    const known = (agent.elapsed ?? []).map((elapsed) => ({ elapsed: Math.max(0, elapsed), share }));
    // Load the assignment rows do not explain counts as conversations that just began.
    const unexplained = Array.from({ length: Math.max(0, agent.load - known.length) }, () => ({ elapsed: 0, share }));
    const busy = known.length + unexplained.length;
    const free = Array.from({ length: Math.max(0, agent.capacity - busy) }, () => ({ elapsed: null, share }));
    return [...known, ...unexplained, ...free];
  });
  const exits = await db.query<{ abandoned: string; waited: number | null }>(
    `select count(*) filter (where outcome = 'abandoned') as abandoned, sum(waited_seconds)::float as waited
       from (select outcome, waited_seconds from queue_exits where skill = $1 order by exited_at desc limit ${ABANDONMENT_WINDOW}) recent`,
    [me.skill],
  );
  const waited = exits.rows[0]?.waited ?? 0;
  const estimate = estimateWaitSeconds(
    {
      ahead: position - 1,
      slots,
      handleTimes: await handleTimeModel(db, me.skill),
      defaultHandleSeconds: DEFAULT_HANDLE_SECONDS,
      abandonRate: waited > 0 ? Number(exits.rows[0]?.abandoned ?? 0) / waited : 0,
    },
    random,
  );
  return { position, estimatedWaitSeconds: estimate === null ? null : Math.round(estimate) };
}
