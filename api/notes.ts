import type { Router } from 'express';
import { addNote, notesOf } from '../db/notes';
import { principalOf, requireConversationAccess, requireRole } from './access';
import type { ConversationHandles } from './conversation-handles';
import type { ApiContext } from './context';
import { parseOrThrow } from './errors';
import { noteBody } from './schemas';

/**
 * Private notes beside a conversation, for the agents who hold it and supervisors: never in the
 * transcript, the event stream or anything a customer token can read.
 */
export function noteRoutes(router: Router, { db }: ApiContext, conversations: ConversationHandles): void {
  router.get('/:id/notes', async (req, res) => {
    requireRole(res, 'service', 'supervisor', 'agent');
    const conversation = await conversations.find(req);
    requireConversationAccess(res, conversation);
    res.json({ conversationId: conversation.id, notes: await notesOf(db, conversation.id) });
  });

  router.post('/:id/notes', async (req, res) => {
    const principal = requireRole(res, 'service', 'supervisor', 'agent');
    const conversation = await conversations.find(req);
    requireConversationAccess(res, conversation);
    const { text } = parseOrThrow(noteBody, req.body, 'body');
    res.status(201).json(await addNote(db, { conversationId: conversation.id, agentId: principal.agentId, authorRole: principal.role, text }));
  });
}
