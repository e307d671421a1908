import type { Channel, Escalation, Locale, Outcome, PublicState } from '../domain/conversation';
import type { CustomerRecord } from '../domain/customer';
import { upsertCustomer } from './customers';
import type { Queryable } from './queryable';

export interface ConversationRecord {
  id: string;
  state: PublicState;
  channel: Channel;
  locale: Locale | null;
  metadata: Record<string, unknown>;
  escalation: Escalation | null;
  agentId: string | null;
  outcome: Outcome | null;
  callbackNumber: string | null;
  customer: CustomerRecord;
  requestHash: string | null;
  createdAt: string;
  updatedAt: string;
  queuedAt: string | null;
  assignedAt: string | null;
  resolvedAt: string | null;
}

export interface NewConversation {
  id: string;
  customer: CustomerRecord;
  channel: Channel;
  metadata: Record<string, unknown>;
  idempotencyKey: string | null;
  requestHash: string | null;
}

interface ConversationRow {
  id: string;
  state: PublicState;
  channel: Channel;
  locale: Locale | null;
  metadata: Record<string, unknown>;
  escalation: Escalation | null;
  agent_id: string | null;
  outcome: Outcome | null;
  callback_number: string | null;
  request_hash: string | null;
  created_at: Date;
  updated_at: Date;
  queued_at: Date | null;
  assigned_at: Date | null;
  resolved_at: Date | null;
  customer_id: string;
  customer_name: string | null;
  customer_phone: string | null;
  customer_email: string | null;
  customer_locale: Locale | null;
}

const SELECT_CONVERSATION = `
  select c.id, c.state, c.channel, c.locale, c.metadata, c.escalation, c.agent_id, c.outcome, c.callback_number, c.request_hash,
         c.created_at, c.updated_at, c.queued_at, c.assigned_at, c.resolved_at,
         u.id as customer_id, u.name as customer_name, u.phone as customer_phone,
         u.email as customer_email, u.locale as customer_locale
    from conversations c join customers u on u.id = c.customer_id`;

const iso = (value: Date | null) => (value ? value.toISOString() : null);

function toConversation(row: ConversationRow): ConversationRecord {
  return {
    id: row.id,
    state: row.state,
    channel: row.channel,
    locale: row.locale,
    metadata: row.metadata,
    escalation: row.escalation,
    agentId: row.agent_id,
    outcome: row.outcome,
    callbackNumber: row.callback_number,
    requestHash: row.request_hash,
    customer: {
      id: row.customer_id,
      name: row.customer_name,
      phone: row.customer_phone,
      email: row.customer_email,
      locale: row.customer_locale,
    },
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    queuedAt: iso(row.queued_at),
    assignedAt: iso(row.assigned_at),
    resolvedAt: iso(row.resolved_at),
  };
}

/** Creates the conversation, or returns the one an earlier request with the same idempotency key made. */
export async function createConversation(
  db: Queryable,
  conversation: NewConversation,
): Promise<{ conversation: ConversationRecord; created: boolean }> {
  const { customer } = conversation;
  await upsertCustomer(db, customer);
  const inserted = await db.query<{ id: string }>(
    `insert into conversations (id, customer_id, channel, locale, metadata, idempotency_key, request_hash)
     values ($1, $2, $3, $4, $5, $6, $7)
     on conflict (idempotency_key) do nothing
     returning id`,
    [
      conversation.id,
      customer.id,
      conversation.channel,
      customer.locale,
      JSON.stringify(conversation.metadata),
      conversation.idempotencyKey,
      conversation.requestHash,
    ],
  );
  const id = inserted.rows[0]?.id;
  if (id) return { conversation: await mustGet(db, id), created: true };
  const existing = await db.query<{ id: string }>('select id from conversations where idempotency_key = $1', [
    conversation.idempotencyKey,
  ]);
  const existingId = existing.rows[0]?.id;
  if (!existingId) throw new Error('idempotent conversation create found no row');
  return { conversation: await mustGet(db, existingId), created: false };
}

export async function getConversation(db: Queryable, id: string): Promise<ConversationRecord | null> {
  const result = await db.query<ConversationRow>(`${SELECT_CONVERSATION} where c.id = $1`, [id]);
  const row = result.rows[0];
  return row ? toConversation(row) : null;
}

async function mustGet(db: Queryable, id: string): Promise<ConversationRecord> {
  const found = await getConversation(db, id);
  if (!found) throw new Error(`conversation ${id} not found`);
  return found;
}

export async function deleteConversation(db: Queryable, id: string): Promise<void> {
  await db.query('delete from conversations where id = $1 and not exists (select 1 from messages where conversation_id = $1)', [id]);
}

export interface StateChange {
  conversationId: string;
  state: PublicState;
  /** The machine's full state path, e.g. `agent_assigned.offered`. */
  path: string;
  /** For an offer: when it runs out. */
  offerExpiresAt?: string | null;
  escalation: Escalation | null;
  agentId: string | null;
  outcome: Outcome | null;
  at: string;
}

/** What recording a change found, for the metrics: whether this call was the one that logged it, and when the handoff began. */
export interface RecordedStateChange {
  /** False when a retry found the change logged already. */
  logged: boolean;
  /** Whether some agent had the conversation before this change (a later offer, a transfer). */
  hadAgent: boolean;
  /** Seconds from the escalation to this change; null before there was one. */
  secondsSinceEscalation: number | null;
  /** The skill of the change's agent's live assignment, when there is one. */
  skill: string | null;
}

/**
 * Mirrors the workflow's state into the record people read, logs the change for the event
 * stream, and dates an offer. Idempotent: the change's time is its identity.
 */
export async function recordStateChange(db: Queryable, change: StateChange): Promise<RecordedStateChange> {
  const result = await db.query<{ logged: boolean; had_agent: boolean; since_escalation: number | null; skill: string | null }>(
    `with logged as (
       insert into state_changes (conversation_id, state, path, agent_id, at) values ($1, $2, $7, $4, $5)
       on conflict (conversation_id, path, at) do nothing
       returning id, conversation_id, state, path, agent_id, at
     ), queued as (
       -- The change goes into the outbox with it, for the company's webhooks: the change itself, and
       -- the two that matter most by name (an agent took it, it is over).
       insert into outbox (conversation_id, event_type, payload, dedupe_key)
       select l.conversation_id, e.type,
              jsonb_build_object('state', l.state, 'path', l.path, 'agentId', l.agent_id, 'outcome', $6::text, 'at', l.at),
              e.type || ':' || l.id
         from logged l
        cross join lateral (values ('conversation.state_changed'),
                                   (case when l.path = 'agent_assigned.active' then 'agent.assigned' end),
                                   (case when l.state = 'resolved' then 'conversation.resolved' end)) as e (type)
        where e.type is not null
     ), offer as (
       update assignments set offer_expires_at = $8
        where $8::timestamptz is not null and conversation_id = $1 and agent_id = $4 and ended_at is null and accepted_at is null
     ), prior as (
       -- As things stood before this statement: it does not see its own insert above.
       select exists (select 1 from state_changes s where s.conversation_id = $1 and s.state = 'agent_assigned') as had_agent
     )
     update conversations set
       state = $2,
       escalation = coalesce($3::jsonb, escalation),
       agent_id = $4,
       updated_at = $5,
       escalated_at = case when $2 = 'escalation_pending' then coalesce(escalated_at, $5) else escalated_at end,
       queued_at    = case when $2 = 'queued' then coalesce(queued_at, $5) else queued_at end,
       assigned_at  = case when $2 = 'agent_assigned' then $5 else assigned_at end,
       resolved_at  = case when $2 = 'resolved' then $5 else resolved_at end,
       outcome = coalesce($6, outcome)
     where id = $1
     returning exists (select 1 from logged) as logged, (select had_agent from prior) as had_agent,
               extract(epoch from ($5::timestamptz - escalated_at))::float8 as since_escalation,
               (select a.skill from assignments a where a.conversation_id = $1 and a.agent_id = $4 and a.ended_at is null) as skill`,
    [
      change.conversationId,
      change.state,
      change.escalation ? JSON.stringify(change.escalation) : null,
      change.agentId,
      change.at,
      change.outcome,
      change.path,
      change.offerExpiresAt ?? null,
    ],
  );
  const row = result.rows[0];
  return { logged: row?.logged ?? false, hadAgent: row?.had_agent ?? false, secondsSinceEscalation: row?.since_escalation ?? null, skill: row?.skill ?? null };
}

export interface LoggedStateChange {
  id: number;
  state: PublicState;
  path: string;
  agentId: string | null;
  at: string;
}

/** The state changes after `afterId`, oldest first. */
export async function stateChangesAfter(db: Queryable, conversationId: string, afterId: number): Promise<LoggedStateChange[]> {
  const result = await db.query<{ id: string; state: PublicState; path: string; agent_id: string | null; at: Date }>(
    'select id, state, path, agent_id, at from state_changes where conversation_id = $1 and id > $2 order by id',
    [conversationId, afterId],
  );
  return result.rows.map((row) => ({ id: Number(row.id), state: row.state, path: row.path, agentId: row.agent_id, at: row.at.toISOString() }));
}

/** Where to call the customer back; kept in Postgres only, never in workflow history. */
export async function saveCallbackNumber(db: Queryable, conversationId: string, callbackNumber: string): Promise<void> {
  await db.query('update conversations set callback_number = $2 where id = $1', [conversationId, callbackNumber]);
}

/** Live conversations in a state, most recently active first. */
export async function listConversationsInState(db: Queryable, state: PublicState, limit: number): Promise<ConversationRecord[]> {
  const result = await db.query<ConversationRow>(`${SELECT_CONVERSATION} where c.state = $1 order by c.updated_at desc limit $2`, [state, limit]);
  return result.rows.map(toConversation);
}
