import { ApplicationFailure } from '@temporalio/activity';
import { MalformedCustomerData } from '../customers/errors';
import { isVip } from '../customers/profile';
import { saveFetchedProfile } from '../db/briefs';
import { getConversation } from '../db/conversations';
import type { ActivityDependencies } from './types';

export interface CustomerProfileSummary {
  found: boolean;
  vip: boolean;
}

export function createCustomerProfileActivities({ db, customerData }: ActivityDependencies) {
  return {
    /**
     * Fetches the customer's record from the configured provider and keeps it with the
     * conversation for the brief. Returns only what routing needs, so contact details stay out of
     * workflow history. A provider that cannot answer now fails the attempt (Temporal retries it);
     * malformed data fails it for good. Either way the workflow hands off without the record.
     */
    async fetchCustomerProfile({ conversationId }: { conversationId: string }): Promise<CustomerProfileSummary> {
      const conversation = await getConversation(db, conversationId);
      if (!conversation) throw ApplicationFailure.nonRetryable(`conversation ${conversationId} not found`, 'ConversationNotFound');
      let profile;
      try {
        profile = await customerData.fetchProfile(conversation.customer.id);
      } catch (error) {
        if (error instanceof MalformedCustomerData) throw ApplicationFailure.nonRetryable(error.message, error.code);
        throw error;
      }
      const missing = profile ? [] : [`${customerData.source}: no record of customer ${conversation.customer.id}`];
      await saveFetchedProfile(db, conversationId, { source: customerData.source, profile, missing });
      return { found: profile !== null, vip: profile ? isVip(profile) : false };
    },
  };
}
