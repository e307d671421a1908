import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * A loopback stand-in of Telegram's Bot API: the three methods Baton calls, checked and answered
 * the way Telegram does, every call recorded, and knobs to make it refuse, stall or go down.
 */

export interface TelegramCall {
  /** As in the URL: `sendMessage`, `sendChatAction`, `answerCallbackQuery`, or whatever else came. */
  method: string;
  body: Record<string, unknown>;
  /** When it arrived (ms since the epoch). */
  at: number;
  /** The HTTP status it was answered with, and the body; null while stalled, or when the caller hung up first. */
  status: number | null;
  answer: unknown;
}

export interface TelegramRefusal {
  status: number;
  description: string;
  /** Sent as `parameters.retry_after`, as Telegram does with 429. */
  retryAfter?: number;
}

export interface TelegramStandIn {
  /** The API base to give the client (`apiBase`). */
  url: string;
  calls: TelegramCall[];
  /** The next `times` calls of `method` are refused with `refusal`. */
  failNext(method: string, refusal: TelegramRefusal, times?: number): void;
  /** The next `times` calls of `method` are answered only after `ms`. */
  stallNext(method: string, ms: number, times?: number): void;
  /** `refused`: nothing listens on the port; `502`: a proxy in front answers Bad Gateway; `false`: up again. */
  setDown(down: false | 'refused' | 502): Promise<void>;
  /** The first call (already made or still to come) that matches. */
  waitFor(predicate: (call: TelegramCall) => boolean, timeoutMs?: number): Promise<TelegramCall>;
  /** Forgets the calls and the knobs, for the next test. */
  reset(): void;
  close(): Promise<void>;
}

const BOT = { id: 7_000_000_001, is_bot: true, first_name: 'Baton', username: 'baton_support_bot' };
const CHAT_ACTIONS = ['typing', 'upload_photo', 'record_video', 'upload_video', 'record_voice', 'upload_voice', 'upload_document', 'choose_sticker', 'find_location', 'record_video_note', 'upload_video_note'];

type Answer = { status: number; body: unknown };
const ok = (result: unknown): Answer => ({ status: 200, body: { ok: true, result } });
const refuse = (status: number, description: string, retryAfter?: number): Answer => ({
  status,
  body: { ok: false, error_code: status, description, ...(retryAfter === undefined ? {} : { parameters: { retry_after: retryAfter } }) },
});
const badRequest = (what: string) => refuse(400, `Bad Request: ${what}`);

export async function startTelegramStandIn(token: string): Promise<TelegramStandIn> {
  const calls: TelegramCall[] = [];
  const refusals = new Map<string, TelegramRefusal[]>();
  const stalls = new Map<string, number[]>();
  const waiters = new Set<(call: TelegramCall) => void>();
  const sockets = new Set<Socket>();
  let down: false | 'refused' | 502 = false;
  let lastMessageId = 0;

  const server = createServer((req, res) => {
    handle(req, res).catch(() => res.destroy());
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const route = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(req.url ?? '');
    const raw = await readBody(req);
    const call: TelegramCall = { method: route?.[2] ?? req.url ?? '', body: parseBody(raw), at: Date.now(), status: null, answer: null };
    calls.push(call);
    for (const notify of waiters) notify(call);

    const answer = (reply: Answer) => {
      call.status = reply.status;
      call.answer = reply.body;
      res.writeHead(reply.status, { 'Content-Type': 'application/json' }).end(JSON.stringify(reply.body));
    };
    if (down === 502) {
      const page = '<html><body><h1>502 Bad Gateway</h1></body></html>';
      Object.assign(call, { status: 502, answer: page });
      res.writeHead(502, { 'Content-Type': 'text/html' }).end(page);
      return;
    }
    if (!route || route[1] !== token) return answer(refuse(route ? 401 : 404, route ? 'Unauthorized' : 'Not Found'));
    const stall = stalls.get(call.method.toLowerCase())?.shift();
    if (stall !== undefined) {
      const timer = setTimeout(() => answer(reply(call)), stall);
      res.on('close', () => clearTimeout(timer));
      return;
    }
    answer(reply(call));
  }

  function reply(call: TelegramCall): Answer {
    const refusal = refusals.get(call.method.toLowerCase())?.shift();
    if (refusal) return refuse(refusal.status, refusal.description, refusal.retryAfter);
    if (call.body === INVALID_JSON) return badRequest("can't parse JSON");
    return answerMethod(call.method.toLowerCase(), call.body);
  }

  function answerMethod(method: string, body: Record<string, unknown>): Answer {
    if (method === 'sendmessage') {
      const chatId = chatIdOf(body.chat_id);
      if (chatId === null) return badRequest('chat not found');
      if (typeof body.text !== 'string' || body.text.trim() === '') return badRequest('message text is empty');
      if (body.text.length > 4096) return badRequest('message is too long');
      const markupProblem = keyboardProblem(body.reply_markup);
      if (markupProblem) return badRequest(markupProblem);
      return ok({
        message_id: ++lastMessageId,
        from: BOT,
        chat: { id: chatId, type: 'private', first_name: 'Customer' },
        date: Math.floor(Date.now() / 1000),
        text: body.text,
        ...(body.reply_markup === undefined ? {} : { reply_markup: body.reply_markup }),
      });
    }
    if (method === 'sendchataction') {
      if (chatIdOf(body.chat_id) === null) return badRequest('chat not found');
      if (typeof body.action !== 'string' || !CHAT_ACTIONS.includes(body.action)) return badRequest('wrong parameter action in request');
      return ok(true);
    }
    if (method === 'answercallbackquery') {
      if (typeof body.callback_query_id !== 'string' || body.callback_query_id === '') {
        return badRequest('query is too old and response timeout expired or query ID is invalid');
      }
      if (body.text !== undefined && (typeof body.text !== 'string' || body.text.length > 200)) return badRequest('MESSAGE_TOO_LONG');
      return ok(true);
    }
    return refuse(404, 'Not Found');
  }

  const listen = (port: number) => new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
  const stopListening = () =>
    new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    });

  await listen(0);
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    failNext(method, refusal, times = 1) {
      const queue = refusals.get(method.toLowerCase()) ?? [];
      refusals.set(method.toLowerCase(), [...queue, ...Array<TelegramRefusal>(times).fill(refusal)]);
    },
    stallNext(method, ms, times = 1) {
      const queue = stalls.get(method.toLowerCase()) ?? [];
      stalls.set(method.toLowerCase(), [...queue, ...Array<number>(times).fill(ms)]);
    },
    async setDown(next) {
      if (next === 'refused' && down !== 'refused') {
        await stopListening();
        // Lets clients notice their kept-alive sockets closed, so the next call really is refused.
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      if (next !== 'refused' && down === 'refused') await listen(port);
      down = next;
    },
    waitFor(predicate, timeoutMs = 5_000) {
      const seen = calls.find(predicate);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const waiter = (call: TelegramCall) => {
          if (!predicate(call)) return;
          settle();
          resolve(call);
        };
        const timer = setTimeout(() => {
          settle();
          reject(new Error(`no matching Telegram call within ${timeoutMs} ms; calls: ${calls.map((c) => c.method).join(', ') || 'none'}`));
        }, timeoutMs);
        const settle = () => {
          clearTimeout(timer);
          waiters.delete(waiter);
        };
        waiters.add(waiter);
      });
    },
    reset() {
      calls.length = 0;
      refusals.clear();
      stalls.clear();
    },
    async close() {
      if (down !== 'refused') await stopListening();
      down = 'refused';
    },
  };
}

/** Stands for a body that is not JSON, so the call is still recorded. */
const INVALID_JSON: Record<string, unknown> = Object.freeze({});

function parseBody(raw: string): Record<string, unknown> {
  if (raw === '') return {};
  try {
    const body: unknown = JSON.parse(raw);
    return body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : INVALID_JSON;
  } catch {
    return INVALID_JSON;
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Private chats have positive numeric ids; Telegram takes them as numbers or numeric strings. */
function chatIdOf(value: unknown): number | null {
  const id = typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;
  return typeof id === 'number' && Number.isSafeInteger(id) && id !== 0 ? id : null;
}

function keyboardProblem(markup: unknown): string | null {
  if (markup === undefined) return null;
  const rows = (markup as { inline_keyboard?: unknown }).inline_keyboard;
  if (!Array.isArray(rows) || !rows.every(Array.isArray)) return 'field "inline_keyboard" of the InlineKeyboardMarkup should be an Array of Arrays';
  for (const button of rows.flat() as Array<{ text?: unknown; callback_data?: unknown }>) {
    if (typeof button.text !== 'string' || button.text.trim() === '') return 'BUTTON_TEXT_INVALID';
    if (typeof button.callback_data !== 'string') return 'text buttons are unallowed in the inline keyboard';
    const bytes = Buffer.byteLength(button.callback_data, 'utf8');
    if (bytes < 1 || bytes > 64) return 'BUTTON_DATA_INVALID';
  }
  return null;
}
