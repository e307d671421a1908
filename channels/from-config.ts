import type { BatonConfig } from '../config/env';
import type { Channel } from '../domain/conversation';
import type { ChannelSender } from './delivery';
import { createTelegramClient } from './telegram/client';
import { createWechatClient } from './wechat/client';

/**
 * The channels Baton delivers to by calling the provider, as the configuration turns them on:
 * Telegram with its bot token, WeChat with its AppID and AppSecret. (The phone answers within the
 * provider's own webhook calls, and a company's channels are its webhooks: neither needs a sender.)
 */
export function channelSendersFrom(config: BatonConfig): Partial<Record<Channel, ChannelSender>> {
  const senders: Partial<Record<Channel, ChannelSender>> = {};
  if (config.telegramBotToken) senders.telegram = createTelegramClient({ apiBase: config.telegramApiBase, botToken: config.telegramBotToken });
  if (config.wechatAppId && config.wechatAppSecret) {
    senders.wechat = createWechatClient({ apiBase: config.wechatApiBase, appId: config.wechatAppId, appSecret: config.wechatAppSecret });
  }
  return senders;
}

/**
 * Every channel Baton has a sender for, configured here or not: what the API nudges deliveries for.
 * The worker, which holds the providers' credentials, decides what it delivers to; the API need not
 * carry a bot token or an AppSecret for an agent's message to go out.
 */
export const SENDER_CHANNELS: readonly Channel[] = ['telegram', 'wechat'];
