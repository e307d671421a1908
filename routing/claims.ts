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
  /** False while it is an offer the agent has not answered; true once accepted (or auto-accepted). */
  accepted: boolean;
}

export interface ClaimRequest {
  conversationId: string;
  requirement: Requirement;
  channel: Channel;
  /** When the customer started waiting for a person; a conversation back in the queue keeps its place. */
  waitingSince?: string | null;
}

const UNIQUE_VIOLATION = '23505';

async function liveAssignment(client: PoolClient | Pool, conversationId: string): Promise<Assignment | null> {
  const result = await client.query<{ agent_id: string; accepted: boolean }>(LIVE_ASSIGNMENT([conversationId]));
  const row = result.rows[0];
  return row ? { conversationId, agentId: row.agent_id, accepted: row.accepted } : null;
}

const claimLock = (conversationId: string) => seedOf(`claim:${conversationId}`);

/**
 * A named statement: node-postgres prepares it once per connection, so the hot claim statements
 * are not planned again on every claim (planning cost as much as running some of them).
 */
const prepared = (name: string, text: string) => (values: unknown[]) => ({ name, text, values });

/**
 * How the best of the fitting available agents is chosen, explainably: half for free capacity
 * (1 − load/capacity), three tenths for skill level (level/5), a fifth for time idle (up to ten
 * minutes since their last assignment or status change). Ties go to the agent id, for stability.
 */
export const SCORE_WEIGHTS = { freeCapacity: 0.5, skillLevel: 0.3, idle: 0.2, idleCapSeconds: 600 } as const;

/** The score as documented, for reasons and tests; Postgres computes the same from migration 009's keys. */
export function scoreOf({ freeShare, level, idleSeconds }: { freeShare: number; level: number; idleSeconds: number }): number {
  const { freeCapacity, skillLevel, idle, idleCapSeconds } = SCORE_WEIGHTS;
  return freeCapacity * freeShare + (skillLevel * level) / 5 + idle * Math.min(1, idleSeconds / idleCapSeconds);
}

const LOCK_QUEUE_ENTRY = prepared('claim-lock-queue-entry', 'select 1 from queue_entries where conversation_id = $1 for update');
const LIVE_ASSIGNMENT = prepared(
  'claim-live-assignment',
  'select agent_id, accepted_at is not null as accepted from assignments where conversation_id = $1 and ended_at is null',
);

/**
 * Offers the conversation to the best fitting available agent, or puts it in the queue. Best: by
 * the score below. Agents who refused this conversation before are never offered it again.
 */
export async function claimAgentFor(db: Pool, request: ClaimRequest): Promise<Assignment | null> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      // One claim per conversation at a time: a retried claim waits for the first and sees its result.
      return await inTransaction(db, (client, [, , live]) => claimWithin(client, request, { existing: assignmentFrom(request.conversationId, live?.rows[0]) }), {
        advisoryLock: claimLock(request.conversationId),
        // In the opening round trip: plans made once (planning the choice cost more than running
        // it); wait for a concurrent offer of this queued conversation to finish, then (with a
        // fresh snapshot) read the assignment it may have made.
        prelude: `set local plan_cache_mode = force_generic_plan;
                  select 1 from queue_entries where conversation_id = '${uuid(request.conversationId)}' for update;
                  select agent_id, accepted_at is not null as accepted from assignments where conversation_id = '${uuid(request.conversationId)}' and ended_at is null`,
      });
    } catch (error) {
      // Two first-time claims for one conversation raced to insert; the loser re-reads the winner's.
      if (attempt < 3 && pgErrorCode(error) === UNIQUE_VIOLATION) continue;
      throw error;
    }
  }
}


const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A conversation id, checked to be a UUID before it is written into SQL text. */
function uuid(id: string): string {
  if (!UUID.test(id)) throw new Error(`not a conversation id: ${JSON.stringify(id)}`);
  return id;
}

/** Text as an SQL string literal (standard_conforming_strings: only quotes need doubling). */
const sqlText = (text: string) => `'${text.replaceAll("'", "''")}'`;

const assignmentFrom = (conversationId: string, row: { agent_id: string; accepted: boolean } | undefined): Assignment | null =>
  row ? { conversationId, agentId: row.agent_id, accepted: row.accepted } : null;

/**
 * The claim itself, inside a transaction that holds the conversation's claim lock. `known`: the
 * live assignment when the caller already locked the queue entry and read it.
 */
async function claimWithin(client: PoolClient, request: ClaimRequest, known?: { existing: Assignment | null }): Promise<Assignment | null> {
  const { conversationId } = request;
  if (!known) {
    // Waits for a concurrent offer of this queued conversation to finish; the next statement,
    // with a fresh snapshot, then sees its result.
    await client.query(LOCK_QUEUE_ENTRY([conversationId]));
  }
  const existing = known ? known.existing : await liveAssignment(client, conversationId);
  if (existing) return existing;
  return offerBestOrEnqueue(client, request);
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
const offeringTo = (chooser: string, alsoCtes = '') => `
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
  select agent_id, accepted from assigned`;

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
       select coalesce(max(least(b.low + ${SCORE_WEIGHTS.idle}, i.low + ${CLOCK})) filter (where b.n = ${TOP_PER_KEY}), '-infinity'::float) as score
         from (select level, count(*) as n, min(base_score) as low from by_base group by level) b
         join (select level, min(idle_key) as low from by_idle group by level) i using (level)
     ), ranked as (
       select distinct on (s.agent_id) ${CANDIDATE_COLUMNS}
         from (select * from by_base union all select * from by_idle) s
        where ${FITS_FURTHER} and ${KEYED_SCORE} >= (select score from bound)
        order by s.agent_id
     )`),
);

/**
 * The best by scoring every fitting agent, when the bound could not decide; when nobody fits, the
 * conversation is queued by the same statement (or stays queued, with the requirement as it stands
 * now: it may have been relaxed).
 */
const OFFER_BEST_OF_ALL_OR_ENQUEUE = prepared(
  'claim-offer-best-of-all-or-enqueue',
  offeringTo(
    `ranked as (select ${CANDIDATE_COLUMNS} from agent_skills s where ${FITS})`,
    `, enqueued as (
       insert into queue_entries (conversation_id, skill, min_level, priority, language, channel, enqueued_at)
       select $5, $1, $2, $7, $4, $3, coalesce($8::timestamptz, now()) where not exists (select 1 from assigned)
       on conflict (conversation_id) do update set skill = excluded.skill, min_level = excluded.min_level
        where (queue_entries.skill, queue_entries.min_level) is distinct from (excluded.skill, excluded.min_level)
     )`,
  ),
);

/**
 * Offers the conversation to the best fitting available agent by the score, or queues it.
 * Scored from the skill's partial indexes of available agents (agent_skills carries what the score
 * needs); the agents row is locked and re-checked, so an agent filled meanwhile by another claim
 * is skipped.
 */
async function offerBestOrEnqueue(client: PoolClient, { conversationId, requirement, channel, waitingSince }: ClaimRequest): Promise<Assignment | null> {
  const relaxed = requirement.relaxed?.length ? `; relaxed to ${requirement.skill} ≥ ${requirement.minLevel} after ${requirement.relaxed.at(-1)!.afterSeconds} s` : '';
  const why = requirement.why ? `${requirement.why}${relaxed}` : null;
  const values = [requirement.skill, requirement.minLevel, channel, requirement.language, conversationId, why];
  const priority = Math.min(MAX_PRIORITY, Math.max(0, requirement.priority));
  const made =
    (await client.query<{ agent_id: string; accepted: boolean }>(OFFER_BEST_BOUNDED(values))).rows[0] ??
    (await client.query<{ agent_id: string; accepted: boolean }>(OFFER_BEST_OF_ALL_OR_ENQUEUE([...values, priority, waitingSince ?? null]))).rows[0];
  return assignmentFrom(conversationId, made);
}

/**
 * Gives the conversation to one named agent (an agent stepping in), if they are available with a
 * free slot; null if not. Idempotent like any claim: an existing assignment is returned.
 */
export async function claimSpecificAgent(db: Pool, { conversationId, agentId, skill }: { conversationId: string; agentId: string; skill: string }): Promise<Assignment | null> {
  return inTransaction(
    db,
    async (client) => {
      await client.query(LOCK_QUEUE_ENTRY([conversationId]));
      const existing = await liveAssignment(client, conversationId);
      if (existing) return existing;
      // Stepping in is accepting: there is nothing to offer.
      if (!(await lockAvailable(client, agentId))) return null;
      return (await assign(client, conversationId, agentId, skill, { how: 'stepped_in', skill }, 'now')).assignment;
    },
    { advisoryLock: claimLock(conversationId) },
  );
}

async function lockAvailable(client: PoolClient, agentId: string): Promise<boolean> {
  const agent = await client.query(`select 1 from agents where id = $1 and status = 'available' and load < capacity for update`, [agentId]);
  return agent.rowCount === 1;
}

/** Ends the live assignment (with why), frees the agent's slot, and returns who held it. */
async function endAssignment(client: PoolClient, conversationId: string, reason: EndReason, onlyAgentId?: string): Promise<string | null> {
  const ended = await client.query<{ agent_id: string }>(
    `with ended as (
       update assignments set ended_at = now(), end_reason = $2
        where conversation_id = $1 and ended_at is null and ($3::text is null or agent_id = $3)
          and ($2 <> 'declined' and $2 <> 'timed_out' or accepted_at is null)
       returning agent_id
     ), freed as (
       update agents set load = load - 1 where id in (select agent_id from ended)
     )
     select agent_id from ended`,
    [conversationId, reason, onlyAgentId ?? null],
  );
  return ended.rows[0]?.agent_id ?? null;
}

type EndReason = 'resolved' | 'declined' | 'timed_out' | 'transferred';

async function rememberRefusal(client: PoolClient, conversationId: string, agentId: string, reason: 'declined' | 'timed_out' | 'transferred'): Promise<void> {
  await client.query('insert into offer_refusals (conversation_id, agent_id, reason) values ($1, $2, $3) on conflict do nothing', [conversationId, agentId, reason]);
}

/** The agent takes the offer. Idempotent: true when the agent holds it accepted, now or before. */
export async function acceptOffer(db: Pool, conversationId: string, agentId: string): Promise<boolean> {
  return inTransaction(db, async (client) => {
    const result = await client.query(
      `update assignments set accepted_at = coalesce(accepted_at, now())
        where conversation_id = $1 and agent_id = $2 and ended_at is null`,
      [conversationId, agentId],
    );
    if (result.rowCount !== 1) return false;
    await client.query('update agents set missed_offers = 0 where id = $1', [agentId]);
    return true;
  });
}

export interface WithdrawnOffer {
  /** Whether an unanswered offer to this agent was withdrawn (false on a retry that already did). */
  withdrawn: boolean;
  /** The agent was set away for letting too many offers in a row run out. */
  agentSetAway: boolean;
}

/**
 * Takes back an offer the agent declined or let run out: the assignment ends, the slot is freed,
 * and the agent is never offered this conversation again. Too many missed offers in a row set the
 * agent away, so customers stop being offered to someone who is not there. Idempotent.
 */
export async function withdrawOffer(
  db: Pool,
  { conversationId, agentId, reason, awayAfterMissed }: { conversationId: string; agentId: string; reason: 'declined' | 'timed_out'; awayAfterMissed: number },
): Promise<WithdrawnOffer> {
  return inTransaction(
    db,
    async (client) => {
      const ended = await endAssignment(client, conversationId, reason, agentId);
      await rememberRefusal(client, conversationId, agentId, reason);
      if (!ended) return { withdrawn: false, agentSetAway: false };
      if (reason === 'declined') {
        await client.query('update agents set missed_offers = 0 where id = $1', [agentId]);
        return { withdrawn: true, agentSetAway: false };
      }
      const missed = await client.query<{ away: boolean }>(
        `update agents set missed_offers = case when missed_offers + 1 >= $2 then 0 else missed_offers + 1 end,
                status = case when missed_offers + 1 >= $2 and status = 'available' then 'away' else status end,
                status_changed_at = case when missed_offers + 1 >= $2 and status = 'available' then now() else status_changed_at end
          where id = $1
          returning status = 'away' and missed_offers = 0 as away`,
        [agentId, awayAfterMissed],
      );
      return { withdrawn: true, agentSetAway: missed.rows[0]?.away ?? false };
    },
    { advisoryLock: claimLock(conversationId) },
  );
}

export type TransferResult =
  | { outcome: 'refused'; reason: string }
  | { outcome: 'assigned'; assignment: Assignment; fromAgentId: string }
  | { outcome: 'queued'; fromAgentId: string };

/**
 * Hands a conversation from the agent holding it to another agent (offered to them, unless they
 * auto-accept), or back to the queue for another skill (offered to the best fitting agent at once
 * when one is free). All or nothing: a transfer to an agent who cannot take it changes nothing.
 * The agent who handed it over is never offered it again.
 */
export async function transferConversation(
  db: Pool,
  request: { conversationId: string; stepKey: string; fromAgentId: string | null; toAgentId?: string; requirement: Requirement; channel: Channel; note: string | null },
): Promise<TransferResult> {
  const { conversationId, stepKey, toAgentId, requirement, channel, note } = request;
  return inTransaction(
    db,
    async (client): Promise<TransferResult> => {
      const held = await liveAssignment(client, conversationId);
      // A retry of a transfer already made: where it left the conversation.
      const done = await client.query<{ from_agent_id: string }>('select from_agent_id from transfers where step_key = $1', [stepKey]);
      const earlier = done.rows[0];
      if (earlier) return held ? { outcome: 'assigned', assignment: held, fromAgentId: earlier.from_agent_id } : { outcome: 'queued', fromAgentId: earlier.from_agent_id };
      if (!held || !held.accepted || (request.fromAgentId !== null && held.agentId !== request.fromAgentId)) {
        return { outcome: 'refused', reason: 'the conversation is not held by that agent' };
      }
      const fromAgentId = held.agentId;
      if (toAgentId === fromAgentId) return { outcome: 'refused', reason: 'the agent already holds the conversation' };
      if (toAgentId && !(await lockAvailable(client, toAgentId))) return { outcome: 'refused', reason: `agent ${toAgentId} is not available with a free slot` };
      await endAssignment(client, conversationId, 'transferred');
      await rememberRefusal(client, conversationId, fromAgentId, 'transferred');
      await client.query('insert into transfers (conversation_id, from_agent_id, to_agent_id, to_skill, note, step_key) values ($1, $2, $3, $4, $5, $6)', [
        conversationId,
        fromAgentId,
        toAgentId ?? null,
        toAgentId ? null : requirement.skill,
        note,
        stepKey,
      ]);
      if (toAgentId) {
        const { assignment } = await assign(client, conversationId, toAgentId, requirement.skill, { how: 'transferred', skill: requirement.skill, from: fromAgentId }, 'auto');
        return { outcome: 'assigned', assignment, fromAgentId };
      }
      const assignment = await claimWithin(client, { conversationId, requirement, channel, waitingSince: null });
      return assignment ? { outcome: 'assigned', assignment, fromAgentId } : { outcome: 'queued', fromAgentId };
    },
    { advisoryLock: claimLock(conversationId) },
  );
}


export interface AssignmentReason {
  how: 'best_score' | 'took_from_queue' | 'stepped_in' | 'transferred';
  skill: string;
  /** Which routing rule set the requirement, and how it was relaxed. */
  requirement?: string;
  /** For a transfer: the agent who handed over. */
  from?: string;
  score?: number;
  freeCapacityShare?: number;
  skillLevel?: number;
  idleSeconds?: number;
}


/**
 * The agent's load, the assignment (with why) and the queue exit, in one statement. `accept`:
 * `now` for an agent who stepped in; `auto` accepts only for agents who auto-accept, and otherwise
 * leaves an offer for the agent to answer. The slot is held either way.
 */
async function assign(
  client: PoolClient,
  conversationId: string,
  agentId: string,
  skill: string,
  reason: AssignmentReason,
  accept: 'now' | 'auto',
): Promise<{ assignment: Assignment; room: boolean }> {
  const result = await client.query<{ assigned: string; accepted: boolean; room: boolean }>(
    ASSIGN([conversationId, agentId, skill, JSON.stringify(reason), accept === 'now']),
  );
  const row = result.rows[0];
  if (Number(row?.assigned ?? 0) !== 1) throw new Error(`agent ${agentId} has no free capacity`);
  return { assignment: { conversationId, agentId, accepted: row!.accepted }, room: row!.room };
}

const ASSIGN = prepared(
  'claim-assign',
  `with bumped as (
       update agents set load = load + 1, last_assigned_at = now() where id = $2 and load < capacity returning id, auto_accept, load < capacity as room
     ), assigned as (
       insert into assignments (conversation_id, agent_id, skill, reason, accepted_at)
       select $1, id, $3, $4, case when $5 or auto_accept then now() end from bumped returning agent_id, accepted_at is not null as accepted
     ), gone as (
       delete from queue_entries where conversation_id = $1 and exists (select 1 from assigned) returning skill, enqueued_at
     ), exited as (
       insert into queue_exits (conversation_id, skill, waited_seconds, outcome)
       select $1, skill, greatest(0, extract(epoch from clock_timestamp() - enqueued_at)), 'served' from gone
     )
     select count(*) as assigned, bool_and(accepted) as accepted, bool_and(room) as room from assigned cross join bumped`,
);

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
    const next = await inTransaction(
      db,
      async (client, [agent]) => {
        const row = agent?.rows[0] as { languages: string[]; channels: string[] } | undefined;
        if (!row) return null;
        const waiting = await client.query<{ conversation_id: string; skill: string }>(HEAD_OF_QUEUES([agentId, row.channels, row.languages]));
        const entry = waiting.rows[0];
        if (!entry) return null;
        return assign(client, entry.conversation_id, agentId, entry.skill, { how: 'took_from_queue', skill: entry.skill }, 'auto');
      },
      // In the opening round trip: the agent, locked, if available with a free slot.
      { prelude: `select languages, channels from agents where id = ${sqlText(agentId)} and status = 'available' and load < capacity for update` },
    );
    if (!next) return assigned;
    assigned.push(next.assignment);
    if (!next.room) return assigned;
  }
}

/**
 * The best waiting conversation an agent fits. With aging the best is the oldest of some priority
 * level, so the oldest entry per skill and level (read from the index) are the only candidates;
 * the best of them by effective priority.
 */
const HEAD_OF_QUEUES = prepared(
  'claim-head-of-queues',
  `select q.conversation_id, q.skill
           from agent_skills s
           cross join generate_series(0, ${MAX_PRIORITY}) as level (priority)
           cross join lateral (
             select conversation_id, skill, priority, enqueued_at from queue_entries q
              where q.skill = s.skill and q.priority = level.priority and q.min_level <= s.level
                and (cardinality($2::text[]) = 0 or q.channel = any ($2::text[]))
                and (q.language is null or cardinality($3::text[]) = 0 or q.language = any ($3::text[]))
                -- Never offered again to an agent who refused it.
                and not exists (select 1 from offer_refusals r where r.conversation_id = q.conversation_id and r.agent_id = $1)
              order by q.enqueued_at, q.conversation_id
              limit 1
              for update skip locked
           ) q
          where s.agent_id = $1
          order by ${effectivePriority('q')} desc, q.enqueued_at, q.conversation_id
          limit 1`,
);

/** Takes the conversation out of the queue and ends its live assignment, freeing the agent's capacity. */
export async function releaseConversation(db: Pool, conversationId: string): Promise<{ freedAgentId: string | null }> {
  return inTransaction(db, async (client) => {
    // Still queued when the conversation ends: the customer left the line without an agent.
    await leaveQueue(client, conversationId, 'abandoned');
    return { freedAgentId: await endAssignment(client, conversationId, 'resolved') };
  });
}

export async function findLiveAssignment(db: Pool, conversationId: string): Promise<Assignment | null> {
  return liveAssignment(db, conversationId);
}

export interface AssignmentView {
  agentId: string;
  /** `offered` until the agent accepts; then `active`. */
  status: 'offered' | 'active';
  assignedAt: string;
  acceptedAt: string | null;
  /** When an unanswered offer counts as declined. */
  offerExpiresAt: string | null;
  reason: AssignmentReason | null;
}

/** The live assignment of a conversation with why that agent, for the API. */
export async function assignmentOf(db: Pool, conversationId: string): Promise<AssignmentView | null> {
  const result = await db.query<{ agent_id: string; assigned_at: Date; accepted_at: Date | null; offer_expires_at: Date | null; reason: AssignmentReason | null }>(
    'select agent_id, assigned_at, accepted_at, offer_expires_at, reason from assignments where conversation_id = $1 and ended_at is null',
    [conversationId],
  );
  const row = result.rows[0];
  return row
    ? {
        agentId: row.agent_id,
        status: row.accepted_at ? 'active' : 'offered',
        assignedAt: row.assigned_at.toISOString(),
        acceptedAt: row.accepted_at?.toISOString() ?? null,
        offerExpiresAt: row.accepted_at ? null : (row.offer_expires_at?.toISOString() ?? null),
        reason: row.reason,
      }
    : null;
}
