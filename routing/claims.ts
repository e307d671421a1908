import type { Pool, PoolClient } from 'pg';
import { inTransaction, pgErrorCode } from '../db/pool';
import {
  assign,
  assignmentFrom,
  claimLock,
  endAssignment,
  leaveQueue,
  findLiveAssignment,
  LIVE_ASSIGNMENT,
  lockAvailable,
  LOCK_QUEUE_ENTRY,
  prepared,
  sqlText,
  withConversation,
  type Assignment,
  type ClaimRequest,
} from './assignments';
import { offerBestOrEnqueue } from './best-agent';
import { effectivePriority, MAX_PRIORITY } from './priority';

/**
 * The claims: a conversation escalating takes the best fitting agent (or the queue), an agent
 * stepping in takes the conversation, an agent freeing a slot takes the best waiting
 * conversations, and a conversation ending frees its agent. See assignments.ts for what makes them
 * unable to double-assign.
 */

const UNIQUE_VIOLATION = '23505';

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
        prelude: ['set local plan_cache_mode = force_generic_plan', ...[LOCK_QUEUE_ENTRY, LIVE_ASSIGNMENT].map((statement) => withConversation(statement, request.conversationId))].join('; '),
      });
    } catch (error) {
      // Two first-time claims for one conversation raced to insert; the loser re-reads the winner's.
      if (attempt < 3 && pgErrorCode(error) === UNIQUE_VIOLATION) continue;
      throw error;
    }
  }
}

/**
 * The claim itself, inside a transaction that holds the conversation's claim lock. `known`: the
 * live assignment when the caller already locked the queue entry and read it.
 */
export async function claimWithin(client: PoolClient, request: ClaimRequest, known?: { existing: Assignment | null }): Promise<Assignment | null> {
  const { conversationId } = request;
  if (!known) {
    // Waits for a concurrent offer of this queued conversation to finish; the next statement,
    // with a fresh snapshot, then sees its result.
    await client.query(LOCK_QUEUE_ENTRY([conversationId]));
  }
  const existing = known ? known.existing : await findLiveAssignment(client, conversationId);
  if (existing) return existing;
  return offerBestOrEnqueue(client, request);
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
      const existing = await findLiveAssignment(client, conversationId);
      if (existing) return existing;
      // Stepping in is accepting: there is nothing to offer.
      if (!(await lockAvailable(client, agentId))) return null;
      return (await assign(client, conversationId, agentId, skill, { how: 'stepped_in', skill }, 'now')).assignment;
    },
    { advisoryLock: claimLock(conversationId) },
  );
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
