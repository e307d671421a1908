import type { Role } from './api-keys';
import type { Queryable } from './queryable';

/** Who acted: the role, the agent they are (if any) and the key's id (never the key); the service key has no id. */
export interface AuditActor {
  role: Role;
  agentId: string | null;
  keyId: string | null;
}

/** One thing a supervisor, agent or the service did, as written when it succeeded. */
export interface AuditRecord {
  actor: AuditActor;
  /** A dotted past-tense name: `conversation.taken_over`, `key.issued` (api/audit.ts lists them). */
  action: string;
  conversationId: string | null;
  /** What was acted on besides a conversation: an agent's id, a key's id. */
  target: string | null;
  /** Ids, roles and states only: never what a customer or an agent wrote. */
  detail: Record<string, string | number | boolean | null>;
  requestId: string | null;
}

export interface AuditEntry extends AuditRecord {
  id: string;
  at: string;
}

export interface AuditFilter {
  since?: Date;
  /** A role, an agent id or a key id. */
  actor?: string;
  action?: string;
  /** Only entries older than this one (the previous page's `next`). */
  before?: number;
  limit: number;
}

interface AuditRow {
  id: string;
  at: Date;
  actor_role: Role;
  actor_agent_id: string | null;
  actor_key_id: string | null;
  action: string;
  conversation_id: string | null;
  target: string | null;
  detail: AuditRecord['detail'];
  request_id: string | null;
}

export async function recordAudit(db: Queryable, record: AuditRecord): Promise<void> {
  await db.query(
    `insert into audit_log (actor_role, actor_agent_id, actor_key_id, action, conversation_id, target, detail, request_id)
     values ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [record.actor.role, record.actor.agentId, record.actor.keyId, record.action, record.conversationId, record.target, JSON.stringify(record.detail), record.requestId],
  );
}

/** Newest first; `before` pages back by id, so entries written meanwhile never shift a page. */
export async function listAudit(db: Queryable, filter: AuditFilter): Promise<AuditEntry[]> {
  const where: string[] = [];
  const values: unknown[] = [];
  const bind = (value: unknown) => `$${values.push(value)}`;
  if (filter.since) where.push(`at >= ${bind(filter.since)}`);
  if (filter.action) where.push(`action = ${bind(filter.action)}`);
  if (filter.actor) {
    const actor = bind(filter.actor);
    where.push(`(actor_role = ${actor} or actor_agent_id = ${actor} or actor_key_id::text = ${actor})`);
  }
  if (filter.before !== undefined) where.push(`id < ${bind(filter.before)}`);
  const result = await db.query<AuditRow>(
    `select id, at, actor_role, actor_agent_id, actor_key_id, action, conversation_id, target, detail, request_id
     from audit_log ${where.length > 0 ? `where ${where.join(' and ')}` : ''}
     order by id desc limit ${bind(filter.limit)}`,
    values,
  );
  return result.rows.map((row) => ({
    id: row.id,
    at: row.at.toISOString(),
    actor: { role: row.actor_role, agentId: row.actor_agent_id, keyId: row.actor_key_id },
    action: row.action,
    conversationId: row.conversation_id,
    target: row.target,
    detail: row.detail,
    requestId: row.request_id,
  }));
}
