import { ApplicationFailure } from '@temporalio/activity';
import { getAgent } from '../db/agents';
import { latestCustomerText, storeMessage } from '../db/messages';
import { replyLocale } from '../i18n/locale';
import { PROMPTS } from '../i18n/prompts';
import type { Locale, StoredMessage } from '../machines/domain';
import type { ActivityDependencies } from './types';

export type Prompt =
  | { kind: 'transferring' }
  | { kind: 'queuePosition'; position: number; estimatedWaitSeconds: number | null }
  | { kind: 'agentJoined'; agentId: string }
  | { kind: 'resolved' };

export interface SendPromptInput {
  conversationId: string;
  /** Unique per logical send; retries reuse it, so the customer sees the prompt once. */
  stepKey: string;
  locale: Locale | null;
  prompt: Prompt;
}

export function createPromptActivities({ db }: ActivityDependencies) {
  return {
    /** Tells the customer, in their language, what is happening: stored as a system message. */
    async sendPrompt({ conversationId, stepKey, locale, prompt }: SendPromptInput): Promise<StoredMessage> {
      const catalog = PROMPTS[replyLocale(locale, await latestCustomerText(db, conversationId))];
      let text: string;
      switch (prompt.kind) {
        case 'transferring':
          text = catalog.transferring;
          break;
        case 'queuePosition':
          text = catalog.queuePosition(prompt.position, prompt.estimatedWaitSeconds);
          break;
        case 'agentJoined': {
          const agent = await getAgent(db, prompt.agentId);
          if (!agent) throw ApplicationFailure.nonRetryable(`agent ${prompt.agentId} does not exist`, 'AgentNotFound');
          text = catalog.agentJoined(agent.name);
          break;
        }
        case 'resolved':
          text = catalog.resolved;
          break;
      }
      const { message } = await storeMessage(db, { conversationId, sender: 'system', text, dedupeKey: `step:${stepKey}` });
      return message;
    },
  };
}
