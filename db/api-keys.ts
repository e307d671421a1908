import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Queryable } from './queryable';

export type Role = 'service' | 'supervisor' | 'agent';

export interface Principal {
  role: Role;
  /** For an agent: who they are; for a supervisor, the agent they are when they take conversations, if any. */
  agentId: string | null;
}

const hashOf = (key: string) => createHash('sha256').update(key).digest('hex');

/** Creates a key and returns it; it is shown once, only its hash is kept. An agent key names its agent; a supervisor key may. */
export async function createApiKey(db: Queryable, role: 'supervisor' | 'agent', agentId: string | null): Promise<{ id: string; key: string }> {
  const key = `bk_${role === 'agent' ? 'ag' : 'sv'}_${randomBytes(24).toString('base64url')}`;
  const id = randomUUID();
  await db.query('insert into api_keys (id, key_hash, role, agent_id) values ($1, $2, $3, $4)', [id, hashOf(key), role, agentId]);
  return { id, key };
}

export async function principalForKey(db: Queryable, key: string): Promise<Principal | null> {
  const result = await db.query<{ role: 'supervisor' | 'agent'; agent_id: string | null }>(
    'select role, agent_id from api_keys where key_hash = $1 and revoked_at is null',
    [hashOf(key)],
  );
  const row = result.rows[0];
  return row ? { role: row.role, agentId: row.agent_id } : null;
}

export async function revokeApiKey(db: Queryable, id: string): Promise<boolean> {
  const result = await db.query('update api_keys set revoked_at = now() where id = $1 and revoked_at is null', [id]);
  return (result.rowCount ?? 0) > 0;
}

/** A key in use and who holds it, by the key itself: what a session records (its id, never the key). Null when unknown or revoked. */
export async function activeApiKey(db: Queryable, key: string): Promise<(Principal & { id: string }) | null> {
  const result = await db.query<{ id: string; role: 'supervisor' | 'agent'; agent_id: string | null }>(
    'select id, role, agent_id from api_keys where key_hash = $1 and revoked_at is null',
    [hashOf(key)],
  );
  const row = result.rows[0];
  return row ? { id: row.id, role: row.role, agentId: row.agent_id } : null;
}

/** Who holds the key with this id, asked again by a session on every request; null once it is revoked. */
export async function principalForKeyId(db: Queryable, id: string): Promise<Principal | null> {
  const result = await db.query<{ role: 'supervisor' | 'agent'; agent_id: string | null }>(
    'select role, agent_id from api_keys where id = $1 and revoked_at is null',
    [id],
  );
  const row = result.rows[0];
  return row ? { role: row.role, agentId: row.agent_id } : null;
}
