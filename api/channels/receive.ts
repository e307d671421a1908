import { createHash } from 'node:crypto';
import { customerMessageUpdate, type ConversationReply } from '../../workflows/definitions';
import { findInbound, markHandedOver, nextGeneration, recordInbound, upsertContact, type ChannelContact } from '../../db/channels';
import { getConversation, type ConversationRecord } from '../../db/conversations';
import { storeMessage } from '../../db/messages';
import type { Channel, Locale } from '../../domain/conversation';
import { storableText } from '../../domain/text';
import { MAX_MESSAGE_LENGTH } from '../schemas';
import type { ConversationHandles } from '../conversation-handles';
import type { ApiContext } from '../context';
import { ApiError } from '../errors';
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
export function storableMessageText(text: string): string {
  return storableText(text.trim(), MAX_MESSAGE_LENGTH).trim();
}

/** A provider's id, as a key Postgres can store and index: a hostile or oversized one is hashed. */
export function providerKey(id: string): string {
  return /^[\w.:@-]{1,200}$/.test(id) ? id : `sha256:${createHash('sha256').update(id).digest('hex')}`;
}

/** A name a provider gives (a Telegram first name): storable and of a sensible length, or none. */
export function storableName(name: string | null | undefined): string | null {
  const cleaned = name ? storableText(name.trim(), 200) : '';
  return cleaned || null;
}

/**
 * The customer's open conversation on the channel, opened when there is none: one per provider
 * user, a new one once the last is resolved. Idempotent by key, so concurrent first messages share one.
 */
export async function openConversationFor(context: ApiContext, contact: ChannelContact, { after }: { after?: string } = {}): Promise<ConversationRecord> {
  for (let generation = contact.generation; ; ) {
    const key = `channel:${contact.channel}:${contact.externalId}:${generation}`;
    // The language is the record's when the conversation opens; the key only has to name who and where.
    const customer = { id: contact.customerId, ...(contact.locale ? { locale: contact.locale } : {}) };
    const { conversation } = await openConversation(
      context,
      { customer, channel: contact.channel, metadata: { externalId: contact.externalId } },
      key,
      { customer: contact.customerId, channel: contact.channel },
    );
    if (conversation.state !== 'resolved' && conversation.id !== after) return conversation;
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
  const text = storableMessageText(inbound.text) || '…';
  const providerId = providerKey(inbound.providerId);
  const earlier = await findInbound(db, inbound.channel, providerId);
  let conversation = earlier ? await getConversation(db, earlier.conversationId) : null;
  if (earlier?.handedOver && conversation) return { conversation, messageId: earlier.messageId, duplicate: true, reply: null };
  // Never handed over (the first attempt failed after storing it), and the conversation ended since:
  // the message belongs to the customer's next conversation, not a closed transcript.
  const contact = await upsertContact(db, { channel: inbound.channel, externalId: inbound.externalId, name: storableName(inbound.name), locale: inbound.locale ?? null });
  if (!conversation || conversation.state === 'resolved') conversation = await openConversationFor(context, contact);
  for (let attempt = 0; ; attempt += 1) {
    // Stored before anything else happens to it; the provider's id makes its retries the same row.
    const { message } = await storeMessage(db, { conversationId: conversation.id, sender: 'customer', text, dedupeKey: `customer:${inbound.channel}:${providerId}` });
    await recordInbound(db, { channel: inbound.channel, providerId, conversationId: conversation.id, messageId: message.id });
    try {
      // The workflow drops a message it already has, so a retry that finds it stored hands it over again safely.
      const reply = await conversations.send(conversation, customerMessageUpdate, { messageId: message.id, text }, `message-${message.id}`);
      await markHandedOver(db, inbound.channel, providerId);
      return { conversation, messageId: message.id, duplicate: earlier !== null, reply };
    } catch (error) {
      // It closed between the read and the update: the customer's next conversation takes the message.
      const closed = error instanceof ApiError && (error.code === 'conversation_closed' || (error.code === 'transition_refused' && error.extra.state === 'resolved'));
      if (!closed || attempt > 0) throw error;
      conversation = await openConversationFor(context, contact, { after: conversation.id });
    }
  }
}
