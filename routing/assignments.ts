import type { Pool, PoolClient } from 'pg';
import type { Channel, Requirement } from '../domain/conversation';
import { seedOf } from './eta/random';

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

/**
 * A named statement: node-postgres prepares it once per connection, so the hot claim statements
 * are not planned again on every claim (planning cost as much as running some of them).
 */
export const prepared = (name: string, text: string) => Object.assign((values: unknown[]) => ({ name, text, values }), { text });

/** A prepared statement's text with its only parameter, a conversation id, written in: for a multi-statement opening. */
export const withConversation = (statement: { text: string }, conversationId: string) => statement.text.replaceAll('$1', `'${uuid(conversationId)}'`);

export const claimLock = (conversationId: string) => seedOf(`claim:${conversationId}`);

export const LOCK_QUEUE_ENTRY = prepared('claim-lock-queue-entry', 'select 1 from queue_entries where conversation_id = $1 for update');
export const LIVE_ASSIGNMENT = prepared(
  'claim-live-assignment',
  'select agent_id, accepted_at is not null as accepted from assignments where conversation_id = $1 and ended_at is null',
);

/** The conversation's live assignment (an open offer or an accepted one), if it has one. */
export async function findLiveAssignment(db: PoolClient | Pool, conversationId: string): Promise<Assignment | null> {
  const result = await db.query<{ agent_id: string; accepted: boolean }>(LIVE_ASSIGNMENT([conversationId]));
  return assignmentFrom(conversationId, result.rows[0]);
}

export const assignmentFrom = (conversationId: string, row: { agent_id: string; accepted: boolean } | undefined): Assignment | null =>
  row ? { conversationId, agentId: row.agent_id, accepted: row.accepted } : null;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A conversation id, checked to be a UUID before it is written into SQL text. */
function uuid(id: string): string {
  if (!UUID.test(id)) throw new Error(`not a conversation id: ${JSON.stringify(id)}`);
  return id;
}

/** Text as an SQL string literal (standard_conforming_strings: only quotes need doubling). */
export const sqlText = (text: string) => `'${text.replaceAll("'", "''")}'`;

export async function lockAvailable(client: PoolClient, agentId: string): Promise<boolean> {
  const agent = await client.query(`select 1 from agents where id = $1 and status = 'available' and load < capacity for update`, [agentId]);
  return agent.rowCount === 1;
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
export async function assign(
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

/** Ends the live assignment (with why), frees the agent's slot, and returns who held it. */
export async function endAssignment(client: PoolClient, conversationId: string, reason: EndReason, onlyAgentId?: string): Promise<string | null> {
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

export type EndReason = 'resolved' | 'declined' | 'timed_out' | 'transferred';

export async function rememberRefusal(client: PoolClient, conversationId: string, agentId: string, reason: 'declined' | 'timed_out' | 'transferred'): Promise<void> {
  await client.query('insert into offer_refusals (conversation_id, agent_id, reason) values ($1, $2, $3) on conflict do nothing', [conversationId, agentId, reason]);
}

/** Takes the conversation out of the queue, recording how long it waited and how it left. */
export async function leaveQueue(client: PoolClient, conversationId: string, outcome: 'served' | 'abandoned'): Promise<void> {
  await client.query(
    `with gone as (delete from queue_entries where conversation_id = $1 returning skill, enqueued_at)
     insert into queue_exits (conversation_id, skill, waited_seconds, outcome)
     select $1, skill, greatest(0, extract(epoch from clock_timestamp() - enqueued_at)), $2 from gone`,
    [conversationId, outcome],
  );
}

/** The conversations offered to the agent that they have not answered yet. */
export async function openOffersOf(db: Pool, agentId: string): Promise<string[]> {
  const result = await db.query<{ conversation_id: string }>('select conversation_id from assignments where agent_id = $1 and ended_at is null and accepted_at is null', [agentId]);
  return result.rows.map((row) => row.conversation_id);
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
