import { Router, type RequestHandler } from 'express';
import { conversationHandles } from '../conversation-handles';
import type { ApiContext } from '../context';
import { notFound } from '../errors';
import type { RateLimits } from '../rate-limits';
import { telegramRoutes } from './telegram';
import { voiceRoutes } from './voice';
import { wechatRoutes } from './wechat';

/**
 * The providers' webhooks, under /channels: each authenticates its provider its own way (a secret
 * header, a signature) instead of Baton's bearer keys, and answers 404 while its channel is not configured.
 */
export function channelRoutes(context: ApiContext, limits: RateLimits): Router {
  const router = Router();
  const conversations = conversationHandles(context);
  const { telegram, wechat, voice } = context.channels;
  router.use('/telegram', telegram ? telegramRoutes(context, conversations, telegram, limits) : off('telegram', 'BATON_TELEGRAM_BOT_TOKEN and BATON_TELEGRAM_WEBHOOK_SECRET'));
  router.use('/wechat', wechat ? wechatRoutes(context, conversations, wechat, limits) : off('wechat', 'BATON_WECHAT_TOKEN'));
  router.use('/voice', voice ? voiceRoutes(context, conversations, voice, limits) : off('voice', 'BATON_TWILIO_AUTH_TOKEN'));
  return router;
}

/** A channel not configured: its webhook answers 404, saying which settings turn it on. */
function off(channel: string, settings: string): RequestHandler {
  return (_req, _res, next) => next(notFound(`channel ${channel} (set ${settings})`));
}
