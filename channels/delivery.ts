import type { MessageSender, QuickReply } from '../domain/conversation';

/**
 * What every channel adapter shares: the message Baton delivers, and the one way a delivery fails.
 * An adapter is a thin translator between a provider's protocol and these.
 */

/** One thing Baton or an agent says to the customer, as a channel delivers it. */
export interface OutboundMessage {
  /** Baton's message id: the idempotency key of the delivery. */
  id: string;
  from: Exclude<MessageSender, 'customer'>;
  text: string;
  /** The agent's display name when an agent wrote it. */
  agentName?: string;
  quickReplies?: QuickReply[];
}

/** Where a channel reaches one customer: the provider's own id for them (a chat id, an OpenID, …). */
export interface ChannelAddress {
  externalId: string;
}

/** What a provider said when it took a message. */
export interface DeliveryReceipt {
  /** The provider's id for the delivered message, when it gives one. */
  providerMessageId: string | null;
}

/**
 * A delivery the provider refused or could not take. `retryable` says whether trying again can
 * help (the provider is down, or rate-limited: then `retryAfterSeconds` says when); a refusal no
 * retry can fix (the customer blocked the bot, WeChat's 48-hour window closed) is not retried and
 * is shown to the agent with `reason`.
 */
export class DeliveryFailure extends Error {
  override readonly name = 'DeliveryFailure';

  constructor(
    /** A stable code: the provider's error code where it has one (`telegram:403`, `wechat:45015`, `http:503`, `network`). */
    readonly code: string,
    /** Why, in words an agent can act on. */
    readonly reason: string,
    readonly retryable: boolean,
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(`${code}: ${reason}`);
  }
}

/** A channel Baton delivers to by calling the provider. */
export interface ChannelSender {
  readonly channel: string;
  send(address: ChannelAddress, message: OutboundMessage): Promise<DeliveryReceipt>;
}
