import type { Request, Response } from 'express';
import type { Pool } from 'pg';
import { getConversation, stateChangesAfter } from '../db/conversations';
import { messagesAfter } from '../db/messages';
import { deliveryChangesAfter } from '../db/outbox';
import type { Logger } from '../observability/logger';
import { openEventStream } from './event-stream';
import type { Wakeups } from './wakeups';

const PAGE = 100;

/**
 * Every message and state change of one conversation as server-sent events, in the order they
 * happened: `event: message` and `event: state` (with the machine's full path, e.g.
 * `agent_assigned.offered`). State changes come from a log, so even one that lasted a moment is
 * sent. On a channel Baton delivers to, `event: delivery` says when the customer's channel took a
 * message or finally refused it (`{messageId, status, reason}`). Each event's id is
 * `<message seq>:<state change id>:<delivery revision>`, so a client reconnecting with Last-Event-ID
 * resumes exactly where it left off. It ends once the conversation is resolved and everything was sent,
 * or with `event: access_ended` once the reader may no longer see it (`stillAllowed`).
 */
export function streamConversationEvents(
  db: Pool,
  logger: Logger,
  conversationId: string,
  req: Request,
  res: Response,
  { wakeups, stillAllowed }: { wakeups?: Wakeups; stillAllowed?: () => Promise<boolean> } = {},
): void {
  const cursor = /^(\d+)(?::(\d+))?(?::(\d+))?$/.exec(req.get('Last-Event-ID')?.trim() ?? '');
  let lastSeq = cursor ? Number(cursor[1]) : 0;
  let lastStateId = cursor?.[2] !== undefined ? Number(cursor[2]) : 0;
  let lastRevision = cursor?.[3] !== undefined ? Number(cursor[3]) : 0;
  let greeted = cursor !== null;
  /** Resolved, as the log or the record says: one more read that finds nothing new ends the stream. */
  let finished = false;

  openEventStream(req, res, logger, { conversationId }, async (stream) => {
    const send = (event: string, data: unknown) => stream.send(event, data, `${lastSeq}:${lastStateId}:${lastRevision}`);
    if (!greeted) {
      // A fresh stream starts where every conversation starts: with the bot.
      const conversation = await getConversation(db, conversationId);
      if (conversation) send('state', { state: 'bot', path: 'bot', agentId: null, at: conversation.createdAt });
      greeted = true;
    }
    const [messages, logged] = await Promise.all([messagesAfter(db, conversationId, lastSeq, PAGE), stateChangesAfter(db, conversationId, lastStateId)]);
    // A full page of messages: later state changes wait for the messages before them.
    const pageEnd = messages.length === PAGE ? Date.parse(messages.at(-1)!.message.at) : Infinity;
    const changes = logged.filter((c) => Date.parse(c.at) <= pageEnd);
    const merged = [
      ...messages.map((m) => ({ at: m.message.at, kind: 0, send: () => ((lastSeq = m.seq), send('message', m.message)) })),
      ...changes.map((c) => ({
        at: c.at,
        kind: 1,
        send: () => {
          lastStateId = c.id;
          send('state', { state: c.state, path: c.path, agentId: c.agentId, at: c.at });
        },
      })),
    ].sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || a.kind - b.kind);
    for (const item of merged) item.send();
    // After the messages they are about (a message's delivery changes only once it was sent above).
    const deliveries = (await deliveryChangesAfter(db, conversationId, lastRevision)).filter((d) => d.revision > lastRevision);
    for (const { messageId, status, reason, revision } of deliveries) {
      lastRevision = revision;
      send('delivery', { messageId, status, reason });
    }
    if (finished && merged.length === 0 && deliveries.length === 0) {
      stream.stop();
      return;
    }
    finished ||= changes.some((c) => c.state === 'resolved') || (await getConversation(db, conversationId))?.state === 'resolved';
  }, { wakeOn: wakeups ? (wake) => wakeups.subscribe('baton_conversation', conversationId, wake) : undefined, stillAllowed });
}
