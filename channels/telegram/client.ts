import type { ApiError } from '@grammyjs/types';
import { z } from 'zod';
import { DeliveryFailure, type ChannelSender, type DeliveryReceipt } from '../delivery';
import { cutToFit, inlineKeyboard } from './quick-replies';

/**
 * The Bot API calls Baton makes: one attempt each, with a timeout; a refusal becomes a
 * `DeliveryFailure` that says whether retrying can help, and the delivery workflow retries.
 * Text goes as plain text (no `parse_mode`), so nothing a customer or agent writes needs escaping.
 */

/** Telegram's limit for one message, in UTF-16 units (so an emoji counts 2). */
export const MESSAGE_TEXT_LIMIT = 4096;
/** Telegram's limit for the notice answering a tap. */
export const CALLBACK_ANSWER_LIMIT = 200;
const DEFAULT_TIMEOUT_MS = 10_000;

export interface TelegramClientOptions {
  /** `https://api.telegram.org`, or a stand-in. */
  apiBase: string;
  botToken: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

export interface TelegramClient extends ChannelSender {
  readonly channel: 'telegram';
  /** Shows "typing…" in the chat for up to 5 s, or until the next message. */
  sendChatAction(chatId: string, action: 'typing'): Promise<void>;
  /** Stops the tapped button's spinner, showing `text` as a brief notice when given. */
  answerCallbackQuery(callbackQueryId: string, text?: string): Promise<void>;
}

const apiAnswer = z.union([
  z.object({ ok: z.literal(true), result: z.unknown() }),
  z.object({
    ok: z.literal(false),
    error_code: z.number().int(),
    description: z.string(),
    parameters: z.object({ retry_after: z.number().nonnegative().optional() }).optional(),
  }),
]);
const sentMessage = z.object({ message_id: z.number().int() });

export function createTelegramClient(options: TelegramClientOptions): TelegramClient {
  const { apiBase, botToken, fetch: fetchApi = fetch, timeoutMs = DEFAULT_TIMEOUT_MS } = options;
  // The token is in every URL: whatever text leaves this module goes through `hideToken`.
  const methodUrl = (method: string) => `${apiBase.replace(/\/+$/, '')}/bot${botToken}/${method}`;
  const secrets = [botToken, encodeURIComponent(botToken)].filter((secret) => secret !== '');
  const hideToken = (text: string) => secrets.reduce((out, secret) => out.split(secret).join('<bot token>'), text);

  const unreachable = (error: unknown): DeliveryFailure => {
    // fetch rejects with a DOMException or a TypeError whose `cause` holds the socket error.
    const { name, message, cause } = error as { name?: string; message?: string; cause?: { code?: string; message?: string } };
    if (name === 'TimeoutError' || name === 'AbortError') return new DeliveryFailure('network', `Telegram did not answer within ${timeoutMs / 1000} s`, true);
    const why = cause?.message ?? cause?.code ?? message ?? String(error);
    return new DeliveryFailure('network', hideToken(`could not reach Telegram (${why})`), true);
  };

  async function call(method: string, body: Record<string, unknown>): Promise<unknown> {
    const payload = JSON.stringify(body);
    let response: Response;
    let answer: unknown;
    try {
      response = await fetchApi(methodUrl(method), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: payload,
        signal: AbortSignal.timeout(timeoutMs),
      });
      answer = await response.json().catch((error: unknown) => {
        const { name } = error as { name?: string };
        if (name === 'TimeoutError' || name === 'AbortError') throw error; // the body did not come in time
        return undefined; // not JSON: judged by the HTTP status below
      });
    } catch (error) {
      throw unreachable(error);
    }
    const parsed = apiAnswer.safeParse(answer);
    if (parsed.success && parsed.data.ok) return parsed.data.result;
    throw refusal(response.status, parsed.success && !parsed.data.ok ? parsed.data : null, hideToken);
  }

  return {
    channel: 'telegram',

    /**
     * Text over the limit goes as several messages, the keyboard under the last; the receipt is the
     * last one's. A retry after a part went out sends that part again: Telegram has no idempotency key.
     */
    async send(address, message): Promise<DeliveryReceipt> {
      const parts = splitMessageText(message.text);
      const keyboard = message.quickReplies?.length ? { reply_markup: inlineKeyboard(message.id, message.quickReplies) } : {};
      let receipt: DeliveryReceipt = { providerMessageId: null };
      for (const [index, text] of parts.entries()) {
        const last = index === parts.length - 1;
        const result = sentMessage.safeParse(await call('sendMessage', { chat_id: address.externalId, text, ...(last ? keyboard : {}) }));
        // Taken but with an id we cannot read: delivered all the same, so no failure to retry.
        receipt = { providerMessageId: result.success ? String(result.data.message_id) : null };
      }
      return receipt;
    },

    async sendChatAction(chatId, action) {
      await call('sendChatAction', { chat_id: chatId, action });
    },

    async answerCallbackQuery(callbackQueryId, text) {
      await call('answerCallbackQuery', { callback_query_id: callbackQueryId, ...(text ? { text: cutToFit(text, CALLBACK_ANSWER_LIMIT) } : {}) });
    },
  };
}

/** What Telegram's refusal means for the delivery, in words an agent can act on. */
function refusal(status: number, error: ApiError | null, hideToken: (text: string) => string): DeliveryFailure {
  if (!error) {
    const reason = `Telegram answered HTTP ${status} without a Bot API answer`;
    return new DeliveryFailure(`http:${status}`, reason, status >= 500 || status === 429);
  }
  const code = `telegram:${error.error_code}`;
  const description = hideToken(error.description);
  if (error.error_code === 429) {
    const retryAfter = error.parameters?.retry_after ?? null;
    return new DeliveryFailure(code, `Telegram is rate-limiting the bot${retryAfter === null ? '' : `; retry after ${retryAfter} s`}`, true, retryAfter);
  }
  if (error.error_code >= 500) return new DeliveryFailure(code, `Telegram failed (${description})`, true);
  if (error.error_code === 403) return new DeliveryFailure(code, forbiddenReason(description), false);
  if (error.error_code === 401 || error.error_code === 404) {
    return new DeliveryFailure(code, `Telegram does not know the bot token (${description}): check BATON_TELEGRAM_BOT_TOKEN`, false);
  }
  return new DeliveryFailure(code, `Telegram refused the message (${description})`, false);
}

function forbiddenReason(description: string): string {
  if (/blocked by the user/i.test(description)) return 'the customer blocked the bot on Telegram';
  if (/user is deactivated/i.test(description)) return "the customer's Telegram account is deleted or deactivated";
  if (/can't initiate conversation/i.test(description)) return 'the customer has not started a chat with the bot on Telegram';
  return `Telegram does not let the bot write to this chat (${description})`;
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * `text` in parts of at most `limit` UTF-16 units that join back to it exactly: each part ends
 * after a line break or a space in its second half where there is one, else after a whole character.
 */
export function splitMessageText(text: string, limit = MESSAGE_TEXT_LIMIT): string[] {
  const parts: string[] = [];
  let rest = text;
  while (rest.length > limit) {
    const cut = cutPoint(rest, limit);
    parts.push(rest.slice(0, cut));
    rest = rest.slice(cut);
  }
  return [...parts, rest];
}

function cutPoint(text: string, limit: number): number {
  // Two more units than fit: whether `limit` is a boundary depends on the character after it.
  const boundaries = new Set<number>();
  for (const { index } of graphemes.segment(text.slice(0, limit + 2))) if (index > 0 && index <= limit) boundaries.add(index);
  for (const separator of ['\n', ' ']) {
    for (let at = text.lastIndexOf(separator, limit - 1); at + 1 >= limit / 2; at = text.lastIndexOf(separator, at - 1)) {
      if (boundaries.has(at + 1)) return at + 1;
      if (at === 0) break;
    }
  }
  if (boundaries.size > 0) return Math.max(...boundaries);
  // One character longer than the limit (a tower of combining marks): cut between code points.
  return /[\ud800-\udbff]/.test(text[limit - 1] ?? '') ? limit - 1 : limit;
}
