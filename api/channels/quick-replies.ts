import { contactOfConversation } from '../../db/channels';
import { getConversation } from '../../db/conversations';
import { offeredQuickReplies } from '../../db/messages';
import type { Channel } from '../../domain/conversation';
import { replyLocale } from '../../i18n/locale';
import { DEFAULT_PROMPTS } from '../../i18n/prompts';
import { handoffUpdate, leaveQueueUpdate } from '../../workflows/definitions';
import type { ConversationHandles } from '../conversation-handles';
import type { ApiContext } from '../context';
import { ApiError } from '../errors';
import { providerKey, receiveChannelMessage } from './receive';

export interface QuickReplyTap {
  channel: Channel;
  /** Who tapped: only the customer the message was sent to may choose from it. */
  externalId: string;
  /** The provider's id for the tap, so its retries choose once. */
  providerId: string;
  messageId: string;
  index: number;
}

/**
 * A customer chose one of a message's quick replies on a chat channel (a Telegram button, a WeChat
 * menu item): the same as the widget's buttons — ask for a person, say the reply's text, leave the
 * queue. Returns a short notice to show the customer when the choice cannot be done as asked.
 */
export async function chooseQuickReply(context: ApiContext, conversations: ConversationHandles, given: QuickReplyTap): Promise<{ notice: string | null }> {
  // The tap's id keys its retries (and Temporal update ids, which are bounded): stored as a safe key.
  const tap = { ...given, providerId: providerKey(given.providerId) };
  const offered = await offeredQuickReplies(context.db, tap.messageId);
  const reply = offered?.quickReplies[tap.index];
  if (!offered || !reply) return { notice: null };
  const [conversation, contact] = await Promise.all([getConversation(context.db, offered.conversationId), contactOfConversation(context.db, offered.conversationId)]);
  if (!conversation || contact?.channel !== tap.channel || contact.externalId !== tap.externalId) return { notice: null };
  try {
    switch (reply.action) {
      case 'message':
        await receiveChannelMessage(context, conversations, { channel: tap.channel, externalId: tap.externalId, providerId: `tap:${tap.providerId}`, text: reply.text ?? reply.label });
        return { notice: null };
      case 'handoff':
        await conversations.send(conversation, handoffUpdate, { trigger: 'menu', reason: null }, `handoff-tap-${tap.providerId}`);
        return { notice: null };
      case 'leave_queue': {
        const choice = reply.choice ?? 'abandon';
        // A chat channel has no number to call back unless the customer record has one.
        if (choice === 'callback' && !conversation.customer.phone) {
          return { notice: DEFAULT_PROMPTS[replyLocale(conversation.locale, reply.label)].callbackNeedsNumber };
        }
        await conversations.send(conversation, leaveQueueUpdate, { choice }, `leave-tap-${tap.providerId}`);
        return { notice: null };
      }
      case 'keep_waiting':
        return { notice: null };
    }
  } catch (error) {
    // A button from a moment that has passed (the customer was already taken, or left): nothing to do.
    if (error instanceof ApiError && error.code === 'transition_refused') return { notice: null };
    throw error;
  }
}
