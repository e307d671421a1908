import { randomUUID } from 'node:crypto';
import type { Locale } from '../domain/conversation';
import type { Queryable } from './queryable';

/** A reply an agent inserts with `/shortcut`, kept per team; supervisors edit them. */
export interface CannedReply {
  id: string;
  team: string;
  shortcut: string;
  title: string;
  text: string;
  /** The language it is written in; null for any. */
  locale: Locale | null;
}

export type CannedReplyDraft = Omit<CannedReply, 'id'>;

const COLUMNS = 'id, team, shortcut, title, text, locale';

/** A team's replies (every team's when `team` is null) whose shortcut, title or text contains `query`; shortcuts that begin with it first. */
export async function findCannedReplies(db: Queryable, { team, query, limit = 50 }: { team: string | null; query: string; limit?: number }): Promise<CannedReply[]> {
  const result = await db.query<CannedReply>(
    `select ${COLUMNS} from canned_replies
      where ($1::text is null or team = $1)
        and ($2 = '' or strpos(lower(shortcut || ' ' || title || ' ' || text), lower($2)) > 0)
      order by starts_with(lower(shortcut), lower($2)) desc, team, shortcut, locale nulls first
      limit $3`,
    [team, query, limit],
  );
  return result.rows;
}

export async function getCannedReply(db: Queryable, id: string): Promise<CannedReply | null> {
  const result = await db.query<CannedReply>(`select ${COLUMNS} from canned_replies where id = $1`, [id]);
  return result.rows[0] ?? null;
}

/** Creates the reply, or with `id` replaces it; null when `id` names none. A taken shortcut is a unique violation (23505). */
export async function saveCannedReply(db: Queryable, draft: CannedReplyDraft, id?: string): Promise<CannedReply | null> {
  const values = [draft.team, draft.shortcut, draft.title, draft.text, draft.locale];
  const result = id
    ? await db.query<CannedReply>(
        `update canned_replies set team = $2, shortcut = $3, title = $4, text = $5, locale = $6, updated_at = now() where id = $1 returning ${COLUMNS}`,
        [id, ...values],
      )
    : await db.query<CannedReply>(`insert into canned_replies (id, team, shortcut, title, text, locale) values ($1, $2, $3, $4, $5, $6) returning ${COLUMNS}`, [randomUUID(), ...values]);
  return result.rows[0] ?? null;
}

/** Seeds a reply unless the team already has that shortcut in that language. */
export async function addCannedReplyIfAbsent(db: Queryable, draft: CannedReplyDraft): Promise<void> {
  await db.query(
    `insert into canned_replies (id, team, shortcut, title, text, locale) select $1, $2, $3, $4, $5, $6
      where not exists (select 1 from canned_replies where team = $2 and shortcut = $3 and locale is not distinct from $6)`,
    [randomUUID(), draft.team, draft.shortcut, draft.title, draft.text, draft.locale],
  );
}

export async function deleteCannedReply(db: Queryable, id: string): Promise<boolean> {
  const result = await db.query('delete from canned_replies where id = $1', [id]);
  return (result.rowCount ?? 0) > 0;
}
