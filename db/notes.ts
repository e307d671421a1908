import type { Queryable } from './queryable';

/** A private note beside a conversation: agents and supervisors read it, the customer never does. */
export interface ConversationNote {
  id: string;
  conversationId: string;
  agentId: string | null;
  authorRole: 'agent' | 'supervisor' | 'service';
  text: string;
  at: string;
}

interface NoteRow {
  id: string;
  conversation_id: string;
  agent_id: string | null;
  author_role: ConversationNote['authorRole'];
  text: string;
  created_at: Date;
}

const toNote = (row: NoteRow): ConversationNote => ({
  id: row.id,
  conversationId: row.conversation_id,
  agentId: row.agent_id,
  authorRole: row.author_role,
  text: row.text,
  at: row.created_at.toISOString(),
});

export async function addNote(db: Queryable, note: Omit<ConversationNote, 'id' | 'at'>): Promise<ConversationNote> {
  const result = await db.query<NoteRow>(
    `insert into conversation_notes (conversation_id, agent_id, author_role, text) values ($1, $2, $3, $4)
     returning id, conversation_id, agent_id, author_role, text, created_at`,
    [note.conversationId, note.agentId, note.authorRole, note.text],
  );
  return toNote(result.rows[0]!);
}

export async function notesOf(db: Queryable, conversationId: string): Promise<ConversationNote[]> {
  const result = await db.query<NoteRow>(
    'select id, conversation_id, agent_id, author_role, text, created_at from conversation_notes where conversation_id = $1 order by id',
    [conversationId],
  );
  return result.rows.map(toNote);
}
