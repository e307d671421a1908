import { Router } from 'express';
import { conversationHandles } from '../conversation-handles';
import type { ApiContext } from '../context';
import { telegramRoutes } from './telegram';
import { voiceRoutes } from './voice';
import { wechatRoutes } from './wechat';

/**
 * The providers' webhooks, under /channels: each authenticates its provider its own way (a secret
 * header, a signature) instead of Baton's bearer keys, and answers 404 while its channel is not configured.
 */
export function channelRoutes(context: ApiContext): Router {
  const router = Router();
  const conversations = conversationHandles(context);
  router.use('/telegram', telegramRoutes(context, conversations));
  router.use('/wechat', wechatRoutes(context, conversations));
  router.use('/voice', voiceRoutes(context, conversations));
  return router;
}
