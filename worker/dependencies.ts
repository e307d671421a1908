import type { Client } from '@temporalio/client';
import type { Pool } from 'pg';
import type { ActivityDependencies } from '../activities';
import { createKnowledgeBot } from '../bot/knowledge-bot';
import { loadTriggerPolicy } from '../bot/policy';
import { createWebhookBot } from '../bot/webhook-bot';
import type { BatonConfig } from '../config/env';
import { customerDataProviderFrom } from '../customers/from-config';
import { loadPrompts } from '../i18n/prompts';
import { loadRoutingPolicy } from '../routing/requirements';
import { createAssignmentNotifier } from '../temporal/notify';

/** What the activities need, as the configuration says: providers, bot, policy, prompts. */
export function activityDependenciesFrom(config: BatonConfig, db: Pool, temporal: Client): ActivityDependencies {
  return {
    db,
    notifyAssignment: createAssignmentNotifier(temporal),
    customerData: customerDataProviderFrom(config, db),
    prompts: loadPrompts(config.promptsFile),
    triggerPolicy: loadTriggerPolicy(config.triggerPolicyFile),
    routingPolicy: loadRoutingPolicy(config.routingPolicyFile),
    bot: config.botWebhookUrl
      ? createWebhookBot({ url: config.botWebhookUrl, timeoutMs: config.botWebhookTimeoutMs, ...(config.botWebhookToken ? { token: config.botWebhookToken } : {}) })
      : createKnowledgeBot(db),
  };
}
