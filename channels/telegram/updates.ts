import type { Update } from '@grammyjs/types';
import { z } from 'zod';

/**
 * What Telegram pushes to the webhook, read into the little Baton acts on: a customer's text in a
 * private chat, a tap on one of our inline buttons, or something ignored (and still answered 200,
 * so Telegram does not redeliver it). Only the fields Baton reads are validated; the rest pass by.
 */

/** Who wrote or tapped; ids are strings because they are identifiers (up to 52 bits), not numbers. */
export interface TelegramSender {
  id: string;
  firstName?: string;
  lastName?: string;
  username?: string;
  languageCode?: string;
}

export type TelegramUpdateEvent =
  | { kind: 'text'; updateId: number; chatId: string; from: TelegramSender; text: string; messageId: number }
  | { kind: 'tap'; updateId: number; chatId: string; from: TelegramSender; callbackQueryId: string; data: string; messageId?: number }
  /** A photo, sticker, voice note…: stored as a placeholder so the agent knows it came. */
  | { kind: 'media'; updateId: number; chatId: string; from: TelegramSender; content: string; caption: string | null; messageId: number }
  /** `callbackQueryId` when a tap is ignored: it must still be answered, or the button keeps spinning. */
  | { kind: 'ignored'; updateId: number; why: string; callbackQueryId?: string };

/** The body is not a Telegram update: the route answers 400, naming the field. */
export class MalformedTelegramUpdate extends Error {
  override readonly name = 'MalformedTelegramUpdate';
  readonly code = 'telegram:malformed_update';

  constructor(readonly field: string, detail: string) {
    super(`${field || 'body'}: ${detail}`);
  }
}

const telegramId = z.number().int();
const user = z.object({
  id: telegramId,
  first_name: z.string().optional(),
  last_name: z.string().optional(),
  username: z.string().optional(),
  language_code: z.string().optional(),
});
const chat = z.object({ id: telegramId, type: z.string() });
const message = z.object({ message_id: telegramId, chat, from: user.optional(), text: z.string().optional(), caption: z.string().optional() });
const callbackQuery = z.object({
  id: z.string().min(1),
  from: user,
  // Absent for a button on an inline-mode message; `date: 0` (inaccessible) still has these two.
  message: z.object({ message_id: telegramId, chat }).optional(),
  data: z.string().optional(),
});
const updateSchema = z.object({
  update_id: z.number().int().nonnegative(),
  message: message.optional(),
  callback_query: callbackQuery.optional(),
});

/** Compile-time proof that every update Telegram documents (grammY's types) fits the schema. */
type FitsSchema<T extends z.input<typeof updateSchema>> = T;
export type TelegramUpdate = FitsSchema<Update>;

/** What a message holds instead of text, to say why it was ignored; the first match names it. */
const NON_TEXT_CONTENT = ['sticker', 'photo', 'video', 'video_note', 'voice', 'audio', 'animation', 'document', 'location', 'venue', 'contact', 'poll', 'dice', 'story'];

/** Reads one webhook body (already JSON-parsed); throws `MalformedTelegramUpdate` for anything that is not an update. */
export function parseTelegramUpdate(body: unknown): TelegramUpdateEvent {
  const parsed = updateSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new MalformedTelegramUpdate(issue?.path.join('.') ?? '', issue?.message ?? 'not a Telegram update');
  }
  const { update_id: updateId, message: incoming, callback_query: tap } = parsed.data;

  if (incoming) {
    if (incoming.chat.type !== 'private') return ignored(updateId, `a message in a ${incoming.chat.type} chat`);
    if (!incoming.from) return ignored(updateId, 'a message without a sender');
    if (incoming.text === undefined) {
      const content = NON_TEXT_CONTENT.find((key) => keysOf((body as { message: unknown }).message).includes(key));
      if (!content) return ignored(updateId, 'a message without text');
      return { kind: 'media', updateId, chatId: String(incoming.chat.id), from: senderOf(incoming.from), content, caption: incoming.caption ?? null, messageId: incoming.message_id };
    }
    return { kind: 'text', updateId, chatId: String(incoming.chat.id), from: senderOf(incoming.from), text: incoming.text, messageId: incoming.message_id };
  }

  if (tap) {
    const callbackQueryId = tap.id;
    if (!tap.message) return { ...ignored(updateId, 'a tap on an inline-mode message'), callbackQueryId };
    if (tap.message.chat.type !== 'private') return { ...ignored(updateId, `a tap in a ${tap.message.chat.type} chat`), callbackQueryId };
    if (tap.data === undefined) return { ...ignored(updateId, 'a tap without callback data (a game button)'), callbackQueryId };
    return { kind: 'tap', updateId, chatId: String(tap.message.chat.id), from: senderOf(tap.from), callbackQueryId, data: tap.data, messageId: tap.message.message_id };
  }

  const kind = keysOf(body).find((key) => key !== 'update_id');
  return ignored(updateId, kind ? `a ${kind} update` : 'an empty update');
}

/**
 * Telegram sends `/start` when a customer first opens the bot (or a `t.me/<bot>?start=<payload>`
 * link): the first one opens a conversation; it is a text message like any other, so the channel
 * decides what a later one means. `/start@<bot>` is the same command addressed by name.
 */
export function isStartCommand(text: string): boolean {
  return /^\/start(?:@[A-Za-z0-9_]+)?(?:\s|$)/.test(text);
}

/** The schemas keep only what Baton reads; what else an update holds is read off the body itself. */
function keysOf(value: unknown): string[] {
  return value !== null && typeof value === 'object' ? Object.keys(value) : [];
}

function ignored(updateId: number, why: string): TelegramUpdateEvent & { kind: 'ignored' } {
  return { kind: 'ignored', updateId, why };
}

function senderOf(from: z.infer<typeof user>): TelegramSender {
  return {
    id: String(from.id),
    ...(from.first_name !== undefined ? { firstName: from.first_name } : {}),
    ...(from.last_name !== undefined ? { lastName: from.last_name } : {}),
    ...(from.username !== undefined ? { username: from.username } : {}),
    ...(from.language_code !== undefined ? { languageCode: from.language_code } : {}),
  };
}
