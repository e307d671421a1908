import type { Request, Response } from 'express';
import type { Logger } from '../observability/logger';

/** How often a stream looks for news (less often when the database wakes it), and how often it says it is still alive. */
const POLL_MS = 500;
const POLL_WITH_WAKEUPS_MS = 2000;
const HEARTBEAT_MS = 15_000;

export interface EventStream {
  /** Writes one event; `id` lets a reconnecting client say where it was (Last-Event-ID). */
  send: (event: string, data: unknown, id?: string) => void;
  /** Ends the stream. */
  stop: () => void;
}

/**
 * A server-sent event stream fed by polling Postgres: it works behind any number of API processes
 * and on the embedded default alike. `tick` runs at once and then every 500 ms, never two at a
 * time; a failing tick ends the stream (the client reconnects and loses nothing); a comment line
 * every 15 s keeps proxies from closing it.
 */
export function openEventStream(
  req: Request,
  res: Response,
  logger: Logger,
  context: Record<string, unknown>,
  tick: (stream: EventStream) => Promise<void>,
  {
    wakeOn,
    stillAllowed,
  }: {
    /** Woken at once when the database says what it shows changed (api/wakeups.ts); the poll stays as a backstop. */
    wakeOn?: (wake: () => void) => () => void;
    /**
     * Asked before every read: may the one who opened the stream still see it? A revoked key, an
     * expired token or a conversation taken by someone else ends the stream with `event: access_ended`.
     */
    stillAllowed?: () => Promise<boolean>;
  } = {},
): void {
  let closed = false;
  let busy = false;
  /** Woken during a tick: one more tick right after, so the news is not left to the next poll. */
  let again = false;

  res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' });
  // HEAD asks whether the stream is there, and gets only that.
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  res.write('retry: 2000\n\n');

  const stream: EventStream = {
    send: (event, data, id) => {
      if (!closed) res.write(`${id !== undefined ? `id: ${id}\n` : ''}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    },
    stop: () => {
      if (closed) return;
      closed = true;
      unsubscribe();
      clearInterval(poll);
      clearInterval(heartbeat);
      res.end();
    },
  };

  const run = async (): Promise<void> => {
    if (closed) return;
    if (busy) {
      again = true;
      return;
    }
    busy = true;
    try {
      do {
        again = false;
        if (stillAllowed && !(await stillAllowed())) {
          stream.send('access_ended', { reason: 'access_ended' });
          stream.stop();
          return;
        }
        await tick(stream);
      } while (again && !closed);
    } catch (error) {
      logger.warn({ err: error, ...context }, 'event stream stopped');
      stream.stop();
    } finally {
      busy = false;
    }
  };

  const unsubscribe = wakeOn ? wakeOn(() => void run()) : () => undefined;
  const poll = setInterval(() => void run(), wakeOn ? POLL_WITH_WAKEUPS_MS : POLL_MS);
  const heartbeat = setInterval(() => res.write(': still here\n\n'), HEARTBEAT_MS);
  req.on('close', stream.stop);
  void run();
}
