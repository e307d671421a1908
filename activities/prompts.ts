import { ApplicationFailure } from '@temporalio/activity';
import { getAgent } from '../db/agents';
import { latestCustomerText, storeMessage } from '../db/messages';
import { replyLocale } from '../i18n/locale';
import { DEFAULT_PROMPTS, fillTemplate, waitPhrase } from '../i18n/prompts';
import type { Locale, Outcome, QuickReply, StoredMessage } from '../domain/conversation';
import type { ActivityDependencies } from './types';

export type Prompt =
  | { kind: 'transferring' }
  | { kind: 'queuePosition'; position: number; estimatedWaitSeconds: number | null }
  | { kind: 'callbackOffer'; estimatedWaitSeconds: number }
  | { kind: 'agentJoined'; agentId: string }
  | { kind: 'handover' }
  | { kind: 'closing'; outcome: Outcome };

export interface SendPromptInput {
  conversationId: string;
  /** Unique per logical send; retries reuse it, so the customer sees the prompt once. */
  stepKey: string;
  locale: Locale | null;
  prompt: Prompt;
}

const CLOSING = { resolved: 'resolved', abandoned: 'leftQueue', callback_requested: 'callbackConfirmed', message_left: 'messageConfirmed' } as const;

export function createPromptActivities({ db, prompts = DEFAULT_PROMPTS }: ActivityDependencies) {
  return {
    /** Tells the customer, in their language, what is happening: stored as a system message. */
    async sendPrompt({ conversationId, stepKey, locale, prompt }: SendPromptInput): Promise<StoredMessage> {
      const effectiveLocale = replyLocale(locale, await latestCustomerText(db, conversationId));
      const templates = prompts[effectiveLocale];
      let text: string;
      let quickReplies: QuickReply[] | null = null;
      switch (prompt.kind) {
        case 'transferring':
          text = templates.transferring;
          break;
        case 'queuePosition':
          text =
            prompt.estimatedWaitSeconds === null
              ? fillTemplate(templates.queuePositionUnknown, { position: prompt.position })
              : fillTemplate(templates.queuePosition, { position: prompt.position, wait: waitPhrase(effectiveLocale, prompt.estimatedWaitSeconds) });
          break;
        case 'callbackOffer':
          text = fillTemplate(templates.callbackOffer, { wait: waitPhrase(effectiveLocale, prompt.estimatedWaitSeconds) });
          quickReplies = [
            { action: 'leave_queue', choice: 'callback', label: templates.callbackLabel },
            { action: 'leave_queue', choice: 'message', label: templates.messageLabel },
            { action: 'keep_waiting', label: templates.keepWaitingLabel },
          ];
          break;
        case 'agentJoined': {
          const agent = await getAgent(db, prompt.agentId);
          if (!agent) throw ApplicationFailure.nonRetryable(`agent ${prompt.agentId} does not exist`, 'AgentNotFound');
          text = fillTemplate(templates.agentJoined, { agent: agent.name });
          break;
        }
        case 'handover':
          text = templates.handover;
          break;
        case 'closing':
          text = templates[CLOSING[prompt.outcome]];
          break;
      }
      const { message } = await storeMessage(db, { conversationId, sender: 'system', text, quickReplies, dedupeKey: `step:${stepKey}` });
      return message;
    },
  };
}
