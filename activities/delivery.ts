import { ApplicationFailure, Context } from '@temporalio/activity';
import { DeliveryFailure, type ChannelSender } from '../channels/delivery';
import { postWebhookEvent, type WebhookEvent } from '../channels/webhook-sender';
import { contactOfConversation } from '../db/channels';
import { CHANNEL_TARGET, outboxItem, pendingDeliveries, recordDelivery, type OutboxItem, type PendingDelivery } from '../db/outbox';
import { webhookEndpointForDelivery } from '../db/webhooks';
import type { Channel } from '../domain/conversation';
import { deliveriesFailedTotal } from '../observability/metrics';
import type { ActivityDependencies } from './types';

export interface DeliveryFailedInput extends PendingDelivery {
  code: string;
  reason: string;
  attempts: number;
}

const attempt = (): number => {
  try {
    return Context.current().info.attempt;
  } catch {
    return 1;
  }
};

/** A refusal as Temporal should treat it: one no retry can fix ends the retries; a rate limit says when to try again. */
function asActivityFailure(failure: DeliveryFailure): ApplicationFailure {
  if (!failure.retryable) return ApplicationFailure.nonRetryable(failure.reason, failure.code);
  return ApplicationFailure.create({
    message: failure.reason,
    type: failure.code,
    ...(failure.retryAfterSeconds ? { nextRetryDelay: `${failure.retryAfterSeconds} seconds` } : {}),
  });
}

function webhookEvent(item: OutboxItem): WebhookEvent {
  const { message } = item;
  return {
    id: `evt_${item.outboxId}`,
    type: item.eventType,
    createdAt: item.createdAt,
    conversationId: item.conversationId,
    channel: item.channel,
    customerId: item.customerId,
    data: message
      ? { message: { id: message.id, from: message.from, text: message.text, agentId: message.agentId, agentName: message.agentName, quickReplies: message.quickReplies, at: message.at } }
      : item.payload,
  };
}

/**
 * Delivering the outbox: to the customer's channel through its adapter, and to the company's
 * webhooks, signed. Each delivery is idempotent per item and target (the provider's retry of the
 * same item is the same message); the delivery workflow runs them in order and retries them.
 */
export function createDeliveryActivities({ db, channelSenders = {} }: ActivityDependencies) {
  const channels = Object.keys(channelSenders) as Channel[];

  async function deliverToChannel(item: OutboxItem, sender: ChannelSender | undefined): Promise<string | null> {
    if (!sender) throw ApplicationFailure.nonRetryable(`Baton has no ${item.channel} channel configured`, 'channel_not_configured');
    if (!item.message) throw ApplicationFailure.nonRetryable('only messages go to the customer', 'not_a_message');
    const contact = await contactOfConversation(db, item.conversationId);
    if (!contact) throw ApplicationFailure.nonRetryable(`the customer has no ${item.channel} address`, 'no_address');
    const { id, from, text, agentName, quickReplies } = item.message;
    const receipt = await sender.send(
      { externalId: contact.externalId },
      { id, from, text, ...(agentName ? { agentName } : {}), ...(quickReplies?.length ? { quickReplies } : {}) },
    );
    return receipt.providerMessageId;
  }

  return {
    /** What is still to deliver for a conversation (to one target, or any), in order, each with its target. */
    async pendingDeliveries({ conversationId, target }: { conversationId: string; target?: string }): Promise<PendingDelivery[]> {
      return pendingDeliveries(db, { conversationId, channels, ...(target ? { target } : {}) });
    },

    /** Delivers one outbox item to one target and records that it was taken. */
    async deliver({ outboxId, target }: PendingDelivery): Promise<void> {
      const item = await outboxItem(db, outboxId);
      if (!item) return; // The conversation was deleted: nothing to say to anyone.
      let providerMessageId: string | null = null;
      try {
        if (target === CHANNEL_TARGET) {
          providerMessageId = await deliverToChannel(item, channelSenders[item.channel]);
        } else {
          const endpoint = await webhookEndpointForDelivery(db, target.slice('webhook:'.length));
          if (!endpoint) throw ApplicationFailure.nonRetryable('the webhook was deleted', 'webhook_deleted');
          await postWebhookEvent(endpoint, webhookEvent(item));
        }
      } catch (error) {
        if (error instanceof DeliveryFailure) throw asActivityFailure(error);
        throw error;
      }
      await recordDelivery(db, { outboxId, target, status: 'sent', attempts: attempt(), providerMessageId });
    },

    /** A delivery that finally failed: marked on the item, with why, for the agent to see; counted once, by the attempt that marked it. */
    async deliveryFailed({ outboxId, target, code, reason, attempts }: DeliveryFailedInput): Promise<void> {
      if (!(await recordDelivery(db, { outboxId, target, status: 'failed', attempts, code, reason }))) return;
      const item = await outboxItem(db, outboxId);
      if (item) deliveriesFailedTotal.inc({ channel: item.channel, target: target === CHANNEL_TARGET ? 'channel' : 'webhook' });
    },
  };
}

export type DeliveryActivities = ReturnType<typeof createDeliveryActivities>;
