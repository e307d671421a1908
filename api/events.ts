import type { Request, Response } from 'express';
import type { Pool } from 'pg';
import { getConversation } from '../db/conversations';
import { messagesAfter } from '../db/messages';
import type { Logger } from '../observability/logger';

/** How often the stream looks for news, and how often it says it is still alive. */
const POLL_MS = 500;
const HEARTBEAT_MS = 15_000;

/**
 * Every message and state change of one conversation as server-sent events: `event: message`
 * (id = the message's position, so a client reconnecting with Last-Event-ID resumes where it left
 * off) and `event: state`. It reads Postgres, so it works behind any number of API processes and on
 * the embedded default alike; it ends once the conversation is resolved and everything was sent.
 */
export function streamConversationEvents(db: Pool, logger: Logger, conversationId: string, req: Request, res: Response): void {
  const resumeFrom = Number.parseInt(req.get('Last-Event-ID') ?? '', 10);
  let lastSeq = Number.isFinite(resumeFrom) && resumeFrom > 0 ? resumeFrom : 0;
  let lastState: string | null = null;
  let lastAgent: string | null = null;
  let closed = false;
  let busy = false;

  res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' });
  res.write(`retry: 2000\n\n`);

  const send = (event: string, data: unknown, id?: number) => {
    res.write(`${id !== undefined ? `id: ${id}\n` : ''}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
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
      for (const { seq, message } of await messagesAfter(db, conversationId, lastSeq)) {
        send('message', message, seq);
        lastSeq = seq;
      }
      const conversation = await getConversation(db, conversationId);
      if (conversation && (conversation.state !== lastState || conversation.agentId !== lastAgent)) {
        lastState = conversation.state;
        lastAgent = conversation.agentId;
        send('state', { state: conversation.state, agentId: conversation.agentId, escalation: conversation.escalation, outcome: conversation.outcome });
      }
      if (conversation?.state === 'resolved' && (await messagesAfter(db, conversationId, lastSeq, 1)).length === 0) stop();
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
