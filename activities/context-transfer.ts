import { ApplicationFailure } from '@temporalio/activity';
import { buildHandoffBrief } from '../brief/build';
import { getFetchedProfile, saveBrief } from '../db/briefs';
import { getConversation } from '../db/conversations';
import { listMessages } from '../db/messages';
import { replyLocale } from '../i18n/locale';
import { createKnowledgeIndexCache } from '../knowledge/index-cache';
import { languageOf, type Escalation, type Locale, type Requirement } from '../domain/conversation';
import { DEFAULT_ROUTING_POLICY, requirementFor } from '../routing/requirements';
import type { ActivityDependencies } from './types';

export interface TransferContextInput {
  conversationId: string;
  escalation: Escalation | null;
  locale: Locale | null;
  /** Why the customer record could not be fetched, when it could not. */
  profileGap: string | null;
}

export function createContextTransferActivities({ db, clock = () => new Date(), routingPolicy = DEFAULT_ROUTING_POLICY }: ActivityDependencies) {
  const knowledgeFor = createKnowledgeIndexCache(db);

  return {
    /**
     * Builds and stores the handoff brief — transcript, customer record and orders,
     * classification, escalation evidence, summary, relevant articles — and returns what an agent
     * needs to take the conversation. Runs before any agent is offered it; re-running rewrites the
     * same brief, so retries are harmless.
     */
    async transferContext({ conversationId, escalation, locale, profileGap }: TransferContextInput): Promise<Requirement> {
      const conversation = await getConversation(db, conversationId);
      if (!conversation) throw ApplicationFailure.nonRetryable(`conversation ${conversationId} not found`, 'ConversationNotFound');
      const [transcript, fetched] = await Promise.all([listMessages(db, conversationId), getFetchedProfile(db, conversationId)]);
      const lastCustomerText = [...transcript].reverse().find((message) => message.from === 'customer')?.text ?? null;
      const effectiveLocale = replyLocale(locale, lastCustomerText);
      const missing = [...(fetched?.missing ?? []), ...(profileGap ? [`customer record: ${profileGap}`] : [])];
      const brief = buildHandoffBrief({
        conversationId,
        channel: conversation.channel,
        locale: effectiveLocale,
        builtAt: clock().toISOString(),
        transcript,
        knownCustomer: conversation.customer,
        profile: fetched ? { source: fetched.source, data: fetched.profile } : null,
        missing,
        escalation,
        knowledge: await knowledgeFor(effectiveLocale),
      });
      await saveBrief(db, brief);
      return requirementFor(routingPolicy, {
        classification: brief.classification,
        channel: conversation.channel,
        language: languageOf(effectiveLocale),
        // A trigger such as a legal threat may ask for more than the classification gives.
        priority: Math.max(brief.classification.priority, escalation?.priority ?? 0),
      });
    },
  };
}
