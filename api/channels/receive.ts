import { customerMessageUpdate, type ConversationReply } from '../../workflows/definitions';
import { findInbound, nextGeneration, recordInbound, upsertContact, type ChannelContact } from '../../db/channels';
import { getConversation, type ConversationRecord } from '../../db/conversations';
import { storeMessage } from '../../db/messages';
import type { Channel, Locale } from '../../domain/conversation';
import { MAX_MESSAGE_LENGTH } from '../schemas';
import type { ConversationHandles } from '../conversation-handles';
import type { ApiContext } from '../context';
import { openConversation } from '../open-conversation';

/** One message a provider brought, already authenticated. */
export interface InboundMessage {
  channel: Channel;
  /** The provider's id for the customer: a Telegram chat, a WeChat OpenID, a caller's number. */
  externalId: string;
  /** The provider's id for this message (update_id, MsgId, CallSid + turn): its retries carry the same. */
  providerId: string;
  text: string;
  name?: string | null;
  locale?: Locale | null;
}

export interface Received {
  conversation: ConversationRecord;
  messageId: string;
  /** The provider sent this message before: it was stored then, and is not stored again. */
  duplicate: boolean;
  reply: ConversationReply | null;
}

/**
 * Text a provider sent, made storable rather than refused: a customer's message is never dropped
 * for a NUL or a broken surrogate pair (Postgres text cannot hold them), and an over-long one is cut.
 */
export function storableText(text: string): string {
  const cleaned = text.replace(/\u0000/g, '').replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd').trim();
  return cleaned.length > MAX_MESSAGE_LENGTH ? cleaned.slice(0, MAX_MESSAGE_LENGTH) : cleaned;
}

/**
 * The customer's open conversation on the channel, opened when there is none: one per provider
 * user, a new one once the last is resolved. Idempotent by key, so concurrent first messages share one.
 */
export async function openConversationFor(context: ApiContext, contact: ChannelContact): Promise<ConversationRecord> {
  for (let generation = contact.generation; ; ) {
    const key = `channel:${contact.channel}:${contact.externalId}:${generation}`;
    // The same body for every message of a generation (the key's request hash): the record's language, not this message's.
    const customer = { id: contact.customerId, ...(contact.locale ? { locale: contact.locale } : {}) };
    const { conversation } = await openConversation(context, { customer, channel: contact.channel, metadata: { externalId: contact.externalId } }, key);
    if (conversation.state !== 'resolved') return conversation;
    generation = await nextGeneration(context.db, { ...contact, generation });
  }
}

/**
 * A customer's message from a channel: stored first (once, however often the provider retries),
 * then handed to their conversation's workflow — as the REST route does for every other channel.
 * Returns the bot's reply when the workflow gave one; the channel's delivery carries it to the
 * customer either way.
 */
export async function receiveChannelMessage(context: ApiContext, conversations: ConversationHandles, inbound: InboundMessage): Promise<Received> {
  const { db } = context;
  const text = storableText(inbound.text);
  const earlier = await findInbound(db, inbound.channel, inbound.providerId);
  let conversation: ConversationRecord | null = earlier ? await getConversation(db, earlier.conversationId) : null;
  let messageId = earlier?.messageId ?? null;
  if (!conversation || !messageId) {
    const contact = await upsertContact(db, { channel: inbound.channel, externalId: inbound.externalId, name: inbound.name ?? null, locale: inbound.locale ?? null });
    conversation = await openConversationFor(context, contact);
    // Stored before anything else happens to it; the provider's id makes its retries the same row.
    const { message } = await storeMessage(db, { conversationId: conversation.id, sender: 'customer', text: text || '…', dedupeKey: `customer:${inbound.channel}:${inbound.providerId}` });
    messageId = message.id;
    await recordInbound(db, { channel: inbound.channel, providerId: inbound.providerId, conversationId: conversation.id, messageId });
  }
  // Handed over again on a retry too: the workflow drops a message it already has, and a first
  // attempt that stored the message but failed before the workflow heard of it is completed.
  const reply = conversation.state === 'resolved' ? null : await conversations.send(conversation, customerMessageUpdate, { messageId, text: text || '…' }, `message-${messageId}`);
  return { conversation, messageId, duplicate: earlier !== null, reply };
}
