import { randomUUID } from 'node:crypto';
import type { MessageSender, QuickReply, StoredMessage } from '../machines/domain';
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
}

interface MessageRow {
  id: string;
  sender: MessageSender;
  text: string;
  agent_id: string | null;
  quick_replies: QuickReply[] | null;
  created_at: Date;
}

const COLUMNS = 'id, sender, text, agent_id, quick_replies, created_at';

function toMessage(row: MessageRow): StoredMessage {
  return {
    id: row.id,
    from: row.sender,
    text: row.text,
    at: row.created_at.toISOString(),
    ...(row.agent_id ? { agentId: row.agent_id } : {}),
    ...(row.quick_replies ? { quickReplies: row.quick_replies } : {}),
  };
}

/** Stores a message once per dedupe key; a retry returns the row stored the first time. */
export async function storeMessage(db: Queryable, message: NewMessage): Promise<{ message: StoredMessage; created: boolean }> {
  const inserted = await db.query<MessageRow>(
    `insert into messages (id, conversation_id, sender, text, agent_id, quick_replies, dedupe_key, in_reply_to)
     values ($1, $2, $3, $4, $5, $6, $7, $8)
     on conflict (conversation_id, dedupe_key) do nothing
     returning ${COLUMNS}`,
    [
      randomUUID(),
      message.conversationId,
      message.sender,
      message.text,
      message.agentId ?? null,
      message.quickReplies ? JSON.stringify(message.quickReplies) : null,
      message.dedupeKey,
      message.inReplyTo ?? null,
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

export async function listMessages(db: Queryable, conversationId: string): Promise<StoredMessage[]> {
  const result = await db.query<MessageRow>(
    `select ${COLUMNS} from messages where conversation_id = $1 order by seq`,
    [conversationId],
  );
  return result.rows.map(toMessage);
}

export async function latestCustomerText(db: Queryable, conversationId: string): Promise<string | null> {
  const result = await db.query<{ text: string }>(
    `select text from messages where conversation_id = $1 and sender = 'customer' order by seq desc limit 1`,
    [conversationId],
  );
  return result.rows[0]?.text ?? null;
}
