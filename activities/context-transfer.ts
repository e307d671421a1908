import { getConversation } from '../db/conversations';
import { listMessages } from '../db/messages';
import { ApplicationFailure } from '@temporalio/activity';
import { languageOf, type Escalation, type Locale, type Requirement } from '../machines/domain';
import { replyLocale } from '../i18n/locale';
import type { ActivityDependencies } from './types';

export interface TransferContextInput {
  conversationId: string;
  escalation: Escalation | null;
  locale: Locale | null;
}

/** A conversation with no more specific classification needs this skill. */
export const GENERAL_SKILL = 'general';

export function createContextTransferActivities({ db }: ActivityDependencies) {
  return {
    /**
     * Builds and stores the handoff brief (the transcript and the customer record, with why the
     * conversation escalated) and returns what an agent needs to take it. Re-running overwrites
     * the brief with the same content, so retries are harmless.
     */
    async transferContext({ conversationId, escalation, locale }: TransferContextInput): Promise<Requirement> {
      const conversation = await getConversation(db, conversationId);
      if (!conversation) throw ApplicationFailure.nonRetryable(`conversation ${conversationId} not found`, 'ConversationNotFound');
      const transcript = await listMessages(db, conversationId);
      const lastCustomerText = [...transcript].reverse().find((message) => message.from === 'customer')?.text ?? null;
      const effectiveLocale = replyLocale(locale, lastCustomerText);
      const requirement: Requirement = {
        skill: GENERAL_SKILL,
        minLevel: 1,
        priority: 0,
        language: languageOf(effectiveLocale),
      };
      const brief = {
        conversationId,
        channel: conversation.channel,
        locale: effectiveLocale,
        customer: conversation.customer,
        escalation,
        requirement,
        transcript,
      };
      await db.query(
        `insert into handoff_briefs (conversation_id, brief) values ($1, $2)
         on conflict (conversation_id) do update set brief = excluded.brief, updated_at = now()`,
        [conversationId, JSON.stringify(brief)],
      );
      return requirement;
    },
  };
}
