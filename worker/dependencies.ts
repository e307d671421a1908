import type { Client } from '@temporalio/client';
import type { Pool } from 'pg';
import type { ActivityDependencies } from '../activities';
import { loadTriggerPolicy } from '../bot/policy';
import { createWebhookBot } from '../bot/webhook-bot';
import type { BatonConfig } from '../config/env';
import { customerDataProviderFrom } from '../customers/from-config';
import { loadPrompts } from '../i18n/prompts';
import { loadRoutingPolicy } from '../routing/requirements';
import { createAssignmentNotifier, createQueueReorderedNotifier } from '../temporal/notify';

/** What the activities need, as the configuration says: providers, bot, policy, prompts. */
export function activityDependenciesFrom(config: BatonConfig, db: Pool, temporal: Client): ActivityDependencies {
  return {
    db,
    notifyAssignment: createAssignmentNotifier(temporal),
    notifyQueueReordered: createQueueReorderedNotifier(temporal),
    customerData: customerDataProviderFrom(config, db),
    prompts: loadPrompts(config.promptsFile),
    triggerPolicy: loadTriggerPolicy(config.triggerPolicyFile),
    routingPolicy: loadRoutingPolicy(config.routingPolicyFile),
    // The company's bot when one is configured; otherwise none is given, and the activities use
    // their default (Baton's knowledge-base bot, activities/bot.ts), the one place it is chosen.
    ...(config.botWebhookUrl
      ? { bot: createWebhookBot({ url: config.botWebhookUrl, timeoutMs: config.botWebhookTimeoutMs, ...(config.botWebhookToken ? { token: config.botWebhookToken } : {}) }) }
      : {}),
  };
}
