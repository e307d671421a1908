import { detectHandoffRequest } from '../bot/handoff-request';
import { storeMessage } from '../db/messages';
import { replyLocale } from '../i18n/locale';
import { DEFAULT_PROMPTS } from '../i18n/prompts';
import type { Locale, StoredMessage } from '../machines/domain';
import type { ActivityDependencies } from './types';

export interface AnswerAsBotInput {
  conversationId: string;
  messageId: string;
  text: string;
  locale: Locale | null;
  stepKey: string;
}

export interface BotAnswer {
  replies: StoredMessage[];
  /** Set when the customer asked for a person: the workflow escalates instead of answering. */
  handoffRequest: { keyword: string } | null;
}

export function createBotActivities({ db, prompts = DEFAULT_PROMPTS }: ActivityDependencies) {
  return {
    /**
     * The bot's turn. A first version for the conversation spine: it recognises an explicit
     * request for a person and otherwise answers with its fallback and the handoff menu option.
     */
    async answerAsBot({ conversationId, messageId, text, locale, stepKey }: AnswerAsBotInput): Promise<BotAnswer> {
      const handoffRequest = detectHandoffRequest(text);
      if (handoffRequest) return { replies: [], handoffRequest };
      const catalog = prompts[replyLocale(locale, text)];
      const { message } = await storeMessage(db, {
        conversationId,
        sender: 'bot',
        text: catalog.botFallback,
        quickReplies: [{ action: 'handoff', label: catalog.handoffMenuLabel }],
        dedupeKey: `step:${stepKey}`,
        inReplyTo: messageId,
      });
      return { replies: [message], handoffRequest: null };
    },
  };
}
