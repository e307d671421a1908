import { timingSafeEqual } from 'node:crypto';
import express, { Router } from 'express';
import { contentPlaceholder } from '../../channels/placeholders';
import { decodeQuickReplyTap } from '../../channels/telegram/quick-replies';
import { createTelegramClient } from '../../channels/telegram/client';
import { MalformedTelegramUpdate, parseTelegramUpdate, type TelegramSender } from '../../channels/telegram/updates';
import type { Locale } from '../../domain/conversation';
import type { ConversationHandles } from '../conversation-handles';
import type { ApiContext, ChannelSettingsOf } from '../context';
import { ApiError } from '../errors';
import { refuseInvalidUtf8 } from '../hostile-input';
import { limitSender, type RateLimits } from '../rate-limits';
import { chooseQuickReply } from './quick-replies';
import { receiveChannelMessage } from './receive';

/** Telegram's IETF language tag as Baton's locale: zh-hans/zh-cn → zh-CN, zh-hant/tw/hk → zh-TW, en → en. */
export function localeOfTelegramUser(languageCode: string | undefined): Locale | null {
  const tag = languageCode?.toLowerCase() ?? '';
  if (/^zh-(hant|tw|hk|mo)/.test(tag)) return 'zh-TW';
  if (/^zh/.test(tag)) return 'zh-CN';
  if (/^en/.test(tag)) return 'en';
  return null;
}

/** The chat an update comes from, for the rate limit: a message's, or a tapped button's. */
function chatOf(body: unknown): string | null {
  const update = body as { message?: { chat?: { id?: unknown } }; callback_query?: { message?: { chat?: { id?: unknown } }; from?: { id?: unknown } } } | null;
  const id = update?.message?.chat?.id ?? update?.callback_query?.message?.chat?.id ?? update?.callback_query?.from?.id;
  return typeof id === 'number' || typeof id === 'string' ? String(id) : null;
}

const nameOf = (from: TelegramSender) => [from.firstName, from.lastName].filter(Boolean).join(' ') || from.username || null;

/**
 * `POST /channels/telegram/webhook`: Telegram's webhook. The secret token set with setWebhook is
 * checked before anything is read (401 otherwise); a text becomes the customer's message in their
 * open conversation, a tap on an inline button chooses that quick reply. Telegram redelivers an
 * update until it gets a 2xx, so the answer is 200 once the message is stored and handed over,
 * and 503 while Temporal or the database is down (the message kept, the redelivery completes it).
 */
export function telegramRoutes(context: ApiContext, conversations: ConversationHandles, settings: ChannelSettingsOf<'telegram'>, limits: RateLimits): Router {
  const router = Router();
  const expected = Buffer.from(settings.webhookSecret);
  const telegram = createTelegramClient({ apiBase: settings.apiBase, botToken: settings.botToken });

  router.post(
    '/webhook',
    (req, _res, next) => {
      const given = Buffer.from(req.get('X-Telegram-Bot-Api-Secret-Token') ?? '');
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        return next(new ApiError(401, 'unauthorized', 'X-Telegram-Bot-Api-Secret-Token does not match BATON_TELEGRAM_WEBHOOK_SECRET'));
      }
      next();
    },
    express.json({ limit: '1mb', verify: refuseInvalidUtf8 }),
    limitSender(limits, 'telegram', (req) => chatOf(req.body)),
    async (req, res) => {
      let update;
      try {
        update = parseTelegramUpdate(req.body);
      } catch (error) {
        if (error instanceof MalformedTelegramUpdate) throw new ApiError(400, 'invalid_request', error.message, { field: error.field || 'body' });
        throw error;
      }
      if (update.kind === 'text' || update.kind === 'media') {
        // "typing…" while the bot thinks: a courtesy, so a failure to show it never costs the message.
        void telegram.sendChatAction(update.chatId, 'typing').catch(() => undefined);
        const received = await receiveChannelMessage(context, conversations, {
          channel: 'telegram',
          externalId: update.chatId,
          providerId: `update:${update.updateId}`,
          text: update.kind === 'text' ? update.text : contentPlaceholder(update.content, update.caption),
          name: nameOf(update.from),
          locale: localeOfTelegramUser(update.from.languageCode),
        });
        res.json({ ok: true, conversationId: received.conversation.id, duplicate: received.duplicate });
        return;
      }
      if (update.kind === 'tap') {
        const tap = decodeQuickReplyTap(update.data);
        const { notice } = tap
          ? await chooseQuickReply(context, conversations, { channel: 'telegram', externalId: update.chatId, providerId: update.callbackQueryId, ...tap })
          : { notice: null };
        await telegram.answerCallbackQuery(update.callbackQueryId, notice ?? undefined).catch(() => undefined);
        res.json({ ok: true });
        return;
      }
      // Not for Baton (a group chat, an edit): answered, so Telegram does not redeliver it; a spinning button is stopped.
      if (update.callbackQueryId) await telegram.answerCallbackQuery(update.callbackQueryId).catch(() => undefined);
      res.json({ ok: true, ignored: update.why });
    },
  );
  return router;
}
