import { randomUUID } from 'node:crypto';
import type { BotMessageKind, MessageSender, PastMessage, QuickReply, StoredMessage } from '../domain/conversation';
import type { Queryable } from './queryable';

export interface NewMessage {
  conversationId: string;
  sender: MessageSender;
  text: string;
  /** Retries of one logical send carry the same key and store one row. */
  dedupeKey: string;
  agentId?: string | null;
  quickReplies?: QuickReply[] | null;
  inReplyTo?: string | null;
  /** For bot messages: what kind of turn it was, and how sure the bot was. */
  kind?: BotMessageKind | null;
  meta?: Record<string, unknown> | null;
}

interface MessageRow {
  id: string;
  sender: MessageSender;
  text: string;
  agent_id: string | null;
  quick_replies: QuickReply[] | null;
  created_at: Date;
  agent_name?: string | null;
  delivery?: StoredMessage['delivery'] | null;
}

const COLUMNS = 'id, sender, text, agent_id, quick_replies, created_at';
/** What the transcript reads: with the name of the agent who wrote it, which customers may not look up. */
const READ_COLUMNS = `${COLUMNS}, (select a.name from agents a where a.id = messages.agent_id) as agent_name,
  (select jsonb_build_object('status', d.status, 'reason', d.reason)
     from outbox o join outbox_deliveries d on d.outbox_id = o.id and d.target = 'channel'
    where o.message_id = messages.id) as delivery`;

function toMessage(row: MessageRow): StoredMessage {
  return {
    id: row.id,
    from: row.sender,
    text: row.text,
    at: row.created_at.toISOString(),
    ...(row.agent_id ? { agentId: row.agent_id } : {}),
    ...(row.agent_name ? { agentName: row.agent_name } : {}),
    ...(row.quick_replies ? { quickReplies: row.quick_replies } : {}),
    ...(row.delivery ? { delivery: row.delivery } : {}),
  };
}

/** Stores a message once per dedupe key; a retry returns the row stored the first time. */
export async function storeMessage(db: Queryable, message: NewMessage): Promise<{ message: StoredMessage; created: boolean }> {
  // What Baton or an agent says goes into the outbox in the same statement: stored means it will be delivered.
  const inserted = await db.query<MessageRow>(
    `with stored as (
       insert into messages (id, conversation_id, sender, text, agent_id, quick_replies, dedupe_key, in_reply_to, kind, meta)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       on conflict (conversation_id, dedupe_key) do nothing
       returning ${COLUMNS}, conversation_id
     ), queued as (
       insert into outbox (conversation_id, event_type, message_id, dedupe_key)
       select conversation_id, 'message.created', id, 'message:' || id from stored where sender <> 'customer'
     )
     select ${COLUMNS} from stored`,
    [
      randomUUID(),
      message.conversationId,
      message.sender,
      message.text,
      message.agentId ?? null,
      message.quickReplies ? JSON.stringify(message.quickReplies) : null,
      message.dedupeKey,
      message.inReplyTo ?? null,
      message.kind ?? null,
      message.meta ? JSON.stringify(message.meta) : null,
    ],
  );
  const row = inserted.rows[0];
  if (row) return { message: toMessage(row), created: true };
  const existing = await db.query<MessageRow>(
    `select ${COLUMNS} from messages where conversation_id = $1 and dedupe_key = $2`,
    [message.conversationId, message.dedupeKey],
  );
  const found = existing.rows[0];
  if (!found) throw new Error(`message ${message.dedupeKey} vanished while being stored`);
  return { message: toMessage(found), created: false };
}

/** Seconds from one message being stored to another (a reply to it); null when either is unknown. */
export async function secondsBetweenMessages(db: Queryable, fromId: string, toId: string): Promise<number | null> {
  const result = await db.query<{ seconds: number }>(
    'select extract(epoch from b.created_at - a.created_at)::float8 as seconds from messages a, messages b where a.id = $1 and b.id = $2',
    [fromId, toId],
  );
  return result.rows[0]?.seconds ?? null;
}

export async function listMessages(db: Queryable, conversationId: string): Promise<StoredMessage[]> {
  const result = await db.query<MessageRow>(
    `select ${READ_COLUMNS} from messages where conversation_id = $1 order by seq`,
    [conversationId],
  );
  return result.rows.map(toMessage);
}

/** Whether anything was said to the customer (a system prompt) at or after `since`: the agent-joined prompt follows an acceptance. */
export async function systemMessageSince(db: Queryable, conversationId: string, since: string): Promise<boolean> {
  const result = await db.query(`select 1 from messages where conversation_id = $1 and sender = 'system' and created_at >= $2 limit 1`, [conversationId, since]);
  return (result.rowCount ?? 0) > 0;
}

export async function latestCustomerText(db: Queryable, conversationId: string): Promise<string | null> {
  const result = await db.query<{ text: string }>(
    `select text from messages where conversation_id = $1 and sender = 'customer' order by seq desc limit 1`,
    [conversationId],
  );
  return result.rows[0]?.text ?? null;
}

/** The latest messages with the kind of each bot turn, oldest first: what the triggers read. */
export async function recentTurns(
  db: Queryable,
  conversationId: string,
  { limit = 40, answering }: { limit?: number; answering?: string } = {},
): Promise<PastMessage[]> {
  // Without the message being answered and what an earlier attempt already replied to it, so a
  // retried turn sees what the first attempt saw.
  const result = await db.query<{ id: string; sender: MessageSender; text: string; kind: BotMessageKind | null }>(
    `select id, sender, text, kind from (
       select id, sender, text, kind, seq from messages
        where conversation_id = $1 and ($3::uuid is null or (id <> $3 and in_reply_to is distinct from $3))
        order by seq desc limit $2
     ) latest order by seq`,
    [conversationId, limit, answering ?? null],
  );
  return result.rows.map((row) => ({ id: row.id, from: row.sender, text: row.text, kind: row.kind }));
}

export async function unhelpfulBotMessages(db: Queryable, conversationId: string): Promise<Set<string>> {
  const result = await db.query<{ message_id: string }>(
    `select f.message_id from message_feedback f join messages m on m.id = f.message_id
      where m.conversation_id = $1 and not f.helpful`,
    [conversationId],
  );
  return new Set(result.rows.map((row) => row.message_id));
}

/** Records a thumbs-up or -down on a bot message; the latest word counts. Null when no such bot message. */
export async function saveFeedback(db: Queryable, conversationId: string, messageId: string, helpful: boolean): Promise<boolean> {
  const result = await db.query(
    `insert into message_feedback (message_id, helpful)
     select id, $3 from messages where id = $2 and conversation_id = $1 and sender = 'bot'
     on conflict (message_id) do update set helpful = excluded.helpful, given_at = now()`,
    [conversationId, messageId, helpful],
  );
  return (result.rowCount ?? 0) > 0;
}

/** Messages after a position in the conversation, with their positions, for a resumable stream. */
export async function messagesAfter(db: Queryable, conversationId: string, afterSeq: number, limit = 100): Promise<Array<{ seq: number; message: StoredMessage }>> {
  const result = await db.query<MessageRow & { seq: string }>(
    `select ${READ_COLUMNS}, seq from messages where conversation_id = $1 and seq > $2 order by seq limit $3`,
    [conversationId, afterSeq, limit],
  );
  return result.rows.map((row) => ({ seq: Number(row.seq), message: toMessage(row) }));
}

/** The quick replies a message offered, and its conversation: what a tap on one of its buttons chose from. */
export async function offeredQuickReplies(db: Queryable, messageId: string): Promise<{ conversationId: string; quickReplies: QuickReply[] } | null> {
  const result = await db.query<{ conversation_id: string; quick_replies: QuickReply[] | null }>(
    `select conversation_id, quick_replies from messages where id = $1 and sender <> 'customer'`,
    [messageId],
  );
  const row = result.rows[0];
  return row ? { conversationId: row.conversation_id, quickReplies: row.quick_replies ?? [] } : null;
}

/**
 * The newest message of a conversation whose quick reply at `index` has this label: what a WeChat
 * menu tap (which names only a position, and sends the label as its text) chose from.
 */
export async function quickReplyMessageByLabel(db: Queryable, conversationId: string, index: number, label: string): Promise<string | null> {
  const result = await db.query<{ id: string }>(
    `select id from messages where conversation_id = $1 and sender <> 'customer' and quick_replies -> $2::int ->> 'label' = $3
      order by seq desc limit 1`,
    [conversationId, index, label],
  );
  return result.rows[0]?.id ?? null;
}
