import type { Channel, MessageSender, QuickReply } from '../domain/conversation';
import { storableText } from '../domain/text';
import type { Queryable } from './queryable';

/** A provider's words as Postgres text can hold them (a provider may send a NUL or half an emoji). */
const storable = (text: string | null): string | null => (text === null ? null : storableText(text, 1000));

/**
 * The outbox: what Baton or an agent said and every state change, in one order per conversation,
 * and what became of each item at each target — the customer's channel (`channel`) and each of
 * the company's webhooks (`webhook:<id>`). Items are written with the message or the state change
 * (db/messages.ts, db/conversations.ts); the delivery workflow reads them here.
 */

export type DeliveryStatus = 'pending' | 'sent' | 'failed';

export const CHANNEL_TARGET = 'channel';

export interface PendingDelivery {
  outboxId: number;
  target: string;
}

/**
 * What is still to deliver for a conversation, oldest first, each item with its targets — the
 * channel when it is a message and the conversation's channel is one Baton delivers to, and every
 * webhook that wants it and existed when it was written — or only `target`'s. Marks them pending,
 * so the transcript shows it. Read from the outbox every time (no cursor), so an item whose
 * transaction committed after a later one's is found all the same.
 */
export async function pendingDeliveries(
  db: Queryable,
  { conversationId, target = null, channels, limit = 50 }: { conversationId: string; target?: string | null; channels: readonly Channel[]; limit?: number },
): Promise<PendingDelivery[]> {
  const result = await db.query<{ outbox_id: string; target: string }>(
    `with due as (
       select o.id as outbox_id, t.target
         from outbox o
         join conversations c on c.id = o.conversation_id
        cross join lateral (
          select 'channel' as target where o.event_type = 'message.created' and c.channel = any($2::text[])
          union all
          select 'webhook:' || w.id from webhook_endpoints w
           where w.deleted_at is null and w.created_at <= o.created_at
             and (w.event_types is null or o.event_type = any(w.event_types))
             and (w.channels is null or c.channel = any(w.channels))
        ) t
         left join outbox_deliveries d on d.outbox_id = o.id and d.target = t.target
        where o.conversation_id = $1 and ($3::text is null or t.target = $3) and (d.status is null or d.status = 'pending')
        order by o.id, t.target
        limit $4
     ), marked as (
       insert into outbox_deliveries (outbox_id, conversation_id, target, status) select outbox_id, $1, target, 'pending' from due
       on conflict (outbox_id, target) do nothing
     )
     select outbox_id, target from due order by outbox_id, target`,
    [conversationId, channels, target, limit],
  );
  return result.rows.map((row) => ({ outboxId: Number(row.outbox_id), target: row.target }));
}

/** One outbox item as a delivery needs it: the event, and the message when it is one. */
export interface OutboxItem {
  outboxId: number;
  conversationId: string;
  eventType: string;
  payload: Record<string, unknown>;
  createdAt: string;
  channel: Channel;
  customerId: string;
  message: { id: string; from: Exclude<MessageSender, 'customer'>; text: string; agentId: string | null; agentName: string | null; quickReplies: QuickReply[] | null; at: string } | null;
}

export async function outboxItem(db: Queryable, outboxId: number): Promise<OutboxItem | null> {
  const result = await db.query<{
    id: string; conversation_id: string; event_type: string; payload: Record<string, unknown>; created_at: Date; channel: Channel; customer_id: string;
    message_id: string | null; sender: Exclude<MessageSender, 'customer'> | null; text: string | null; agent_id: string | null; agent_name: string | null;
    quick_replies: QuickReply[] | null; message_at: Date | null;
  }>(
    `select o.id, o.conversation_id, o.event_type, o.payload, o.created_at, c.channel, c.customer_id,
            m.id as message_id, m.sender, m.text, m.agent_id, a.name as agent_name, m.quick_replies, m.created_at as message_at
       from outbox o
       join conversations c on c.id = o.conversation_id
       left join messages m on m.id = o.message_id
       left join agents a on a.id = m.agent_id
      where o.id = $1`,
    [outboxId],
  );
  const row = result.rows[0];
  if (!row) return null;
  return {
    outboxId: Number(row.id),
    conversationId: row.conversation_id,
    eventType: row.event_type,
    payload: row.payload,
    createdAt: row.created_at.toISOString(),
    channel: row.channel,
    customerId: row.customer_id,
    message:
      row.message_id && row.sender && row.text !== null && row.message_at
        ? { id: row.message_id, from: row.sender, text: row.text, agentId: row.agent_id, agentName: row.agent_name, quickReplies: row.quick_replies, at: row.message_at.toISOString() }
        : null,
  };
}

/**
 * What became of one item at one target; a final word (sent, failed) is never taken back by a late
 * retry. True when this call wrote it (false: the word was given already).
 */
export async function recordDelivery(
  db: Queryable,
  { outboxId, target, status, attempts, code = null, reason = null, providerMessageId = null }: {
    outboxId: number; target: string; status: Exclude<DeliveryStatus, 'pending'>; attempts: number; code?: string | null; reason?: string | null; providerMessageId?: string | null;
  },
): Promise<boolean> {
  const result = await db.query(
    `insert into outbox_deliveries (outbox_id, conversation_id, target, status, attempts, code, reason, provider_message_id)
     select $1, o.conversation_id, $2, $3, $4, $5, $6, $7 from outbox o where o.id = $1
     on conflict (outbox_id, target) do update set
       status = excluded.status, attempts = excluded.attempts, code = excluded.code, reason = excluded.reason,
       provider_message_id = excluded.provider_message_id, revision = nextval('delivery_revision'), updated_at = clock_timestamp()
     where outbox_deliveries.status = 'pending'
     returning outbox_id`,
    [outboxId, target, status, attempts, storable(code), storable(reason), storable(providerMessageId)],
  );
  return result.rowCount === 1;
}

/** How a message's delivery to the customer's channel stands, as its transcript shows it. */
export interface MessageDelivery {
  messageId: string;
  status: DeliveryStatus;
  reason: string | null;
  revision: number;
}

/** Changes of the channel deliveries of a conversation's messages after `revision`, oldest first: what the console's stream sends. */
export async function deliveryChangesAfter(db: Queryable, conversationId: string, revision: number): Promise<MessageDelivery[]> {
  const result = await db.query<{ message_id: string; status: DeliveryStatus; reason: string | null; revision: string }>(
    `select o.message_id, d.status, d.reason, d.revision
       from outbox_deliveries d join outbox o on o.id = d.outbox_id
      where d.conversation_id = $1 and d.target = 'channel' and d.revision > $2 and o.message_id is not null
      order by d.revision limit 200`,
    [conversationId, revision],
  );
  return result.rows.map((row) => ({ messageId: row.message_id, status: row.status, reason: row.reason, revision: Number(row.revision) }));
}

/** Whether anything would deliver this conversation's outbox: a channel Baton delivers to, or a webhook that wants it. */
export async function hasDeliveryTargets(db: Queryable, conversationId: string, channels: readonly Channel[]): Promise<boolean> {
  const result = await db.query<{ yes: boolean }>(
    `select c.channel = any($2::text[])
         or exists (select 1 from webhook_endpoints w where w.deleted_at is null and (w.channels is null or c.channel = any(w.channels))) as yes
       from conversations c where c.id = $1`,
    [conversationId, channels],
  );
  return result.rows[0]?.yes ?? false;
}

/**
 * Conversations with something written to their outbox a while ago that no delivery has picked up —
 * a nudge that was lost — for the worker's sweep to nudge again.
 */
export async function unpickedOutbox(
  db: Queryable,
  { olderThanSeconds, channels, limit = 100 }: { olderThanSeconds: number; channels: readonly Channel[]; limit?: number },
): Promise<string[]> {
  const result = await db.query<{ conversation_id: string }>(
    `select distinct o.conversation_id from outbox o join conversations c on c.id = o.conversation_id
      where o.created_at < now() - make_interval(secs => $1) and o.created_at > now() - interval '10 minutes'
        and not exists (select 1 from outbox_deliveries d where d.outbox_id = o.id)
        and ((o.event_type = 'message.created' and c.channel = any($2::text[]))
             or exists (select 1 from webhook_endpoints w
                         where w.deleted_at is null and w.created_at <= o.created_at
                           and (w.event_types is null or o.event_type = any(w.event_types))
                           and (w.channels is null or c.channel = any(w.channels))))
      limit $3`,
    [olderThanSeconds, channels, limit],
  );
  return result.rows.map((row) => row.conversation_id);
}

