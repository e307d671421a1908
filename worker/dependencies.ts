import type { Client } from '@temporalio/client';
import type { Pool } from 'pg';
import type { ActivityDependencies } from '../activities';
import type { BotEngine } from '../bot/engine';
import { loadTriggerPolicy } from '../bot/policy';
import { createRasaBot } from '../bot/rasa-bot';
import { createWebhookBot } from '../bot/webhook-bot';
import { SETTINGS, type BatonConfig } from '../config/env';
import { customerDataProviderFrom } from '../customers/from-config';
import { loadPrompts } from '../i18n/prompts';
import { loadRoutingPolicy } from '../routing/requirements';
import { channelSendersFrom } from '../channels/from-config';
import type { Channel } from '../domain/conversation';
import { createAssignmentNotifier, createOutboxNotifier, createQueueReorderedNotifier } from '../temporal/notify';

/**
 * The company's bot when one is configured: a Rasa server or a bot webhook, never both. None means
 * the activities use their default (Baton's knowledge-base bot, activities/bot.ts), the one place it is chosen.
 */
function companyBotFrom(config: BatonConfig): BotEngine | undefined {
  if (config.rasaUrl && config.botWebhookUrl) {
    throw new Error(
      `Invalid configuration: rasaUrl (${SETTINGS.rasaUrl.env}) and botWebhookUrl (${SETTINGS.botWebhookUrl.env}) are both set; Baton talks to one bot, so unset one of them`,
    );
  }
  if (config.rasaUrl) {
    const handoffIntents = config.rasaHandoffIntents.split(',').map((intent) => intent.trim()).filter(Boolean);
    return createRasaBot({ url: config.rasaUrl, handoffIntents, timeoutMs: config.botWebhookTimeoutMs });
  }
  if (config.botWebhookUrl) {
    return createWebhookBot({ url: config.botWebhookUrl, timeoutMs: config.botWebhookTimeoutMs, ...(config.botWebhookToken ? { token: config.botWebhookToken } : {}) });
  }
  return undefined;
}

/** What the activities need, as the configuration says: providers, bot, policy, prompts. */
export function activityDependenciesFrom(config: BatonConfig, db: Pool, temporal: Client): ActivityDependencies {
  const bot = companyBotFrom(config);
  const channelSenders = channelSendersFrom(config);
  return {
    db,
    notifyAssignment: createAssignmentNotifier(temporal),
    notifyQueueReordered: createQueueReorderedNotifier(temporal),
    channelSenders,
    notifyOutbox: createOutboxNotifier(temporal, {
      db,
      taskQueue: config.taskQueue,
      channels: Object.keys(channelSenders) as Channel[],
      maximumAttempts: config.deliveryAttempts,
    }),
    customerData: customerDataProviderFrom(config, db),
    prompts: loadPrompts(config.promptsFile),
    triggerPolicy: loadTriggerPolicy(config.triggerPolicyFile),
    routingPolicy: loadRoutingPolicy(config.routingPolicyFile),
    ...(bot ? { bot } : {}),
  };
}
