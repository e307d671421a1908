import type { Request, Response } from 'express';
import type { Pool } from 'pg';
import { getConversation, stateChangesAfter } from '../db/conversations';
import { messagesAfter } from '../db/messages';
import type { Logger } from '../observability/logger';

/** How often the stream looks for news, and how often it says it is still alive. */
const POLL_MS = 500;
const HEARTBEAT_MS = 15_000;
const PAGE = 100;

/**
 * Every message and state change of one conversation as server-sent events, in the order they
 * happened: `event: message` and `event: state` (with the machine's full path, e.g.
 * `agent_assigned.offered`). State changes come from a log, so even one that lasted a moment is
 * sent. Each event's id is `<message seq>:<state change id>`, so a client reconnecting with
 * Last-Event-ID resumes exactly where it left off. It reads Postgres, so it works behind any number
 * of API processes and on the embedded default alike; it ends once the conversation is resolved and
 * everything was sent.
 */
export function streamConversationEvents(db: Pool, logger: Logger, conversationId: string, req: Request, res: Response): void {
  const cursor = /^(\d+)(?::(\d+))?$/.exec(req.get('Last-Event-ID')?.trim() ?? '');
  let lastSeq = cursor ? Number(cursor[1]) : 0;
  let lastStateId = cursor?.[2] !== undefined ? Number(cursor[2]) : 0;
  let greeted = cursor !== null;
  /** Resolved, as the log or the record says: one more read that finds nothing new ends the stream. */
  let finished = false;
  let closed = false;
  let busy = false;

  res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' });
  res.write(`retry: 2000\n\n`);

  const send = (event: string, data: unknown) => {
    res.write(`id: ${lastSeq}:${lastStateId}\nevent: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  };

  const stop = () => {
    if (closed) return;
    closed = true;
    clearInterval(poll);
    clearInterval(heartbeat);
    res.end();
  };

  const tick = async () => {
    if (busy || closed) return;
    busy = true;
    try {
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
      if (finished && merged.length === 0) {
        stop();
        return;
      }
      finished ||= changes.some((c) => c.state === 'resolved') || (await getConversation(db, conversationId))?.state === 'resolved';
    } catch (error) {
      // A database hiccup ends this stream; the client reconnects with Last-Event-ID and loses nothing.
      logger.warn({ err: error, conversationId }, 'event stream stopped');
      stop();
    } finally {
      busy = false;
    }
  };

  const poll = setInterval(() => void tick(), POLL_MS);
  const heartbeat = setInterval(() => res.write(': still here\n\n'), HEARTBEAT_MS);
  req.on('close', stop);
  void tick();
}
