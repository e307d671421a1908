import { createBotActivities } from './bot';
import { createContextTransferActivities } from './context-transfer';
import { createCustomerProfileActivities } from './customer-profile';
import { createDeliveryActivities } from './delivery';
import { createConversationRecordActivities } from './conversation-record';
import { createPromptActivities } from './prompts';
import { createRoutingActivities } from './routing';
import type { ActivityDependencies } from './types';
import { createWaitingRoomActivities } from './waiting-room';

export type { ActivityDependencies } from './types';

/**
 * An activity that writes to the conversation's outbox (a bot answer, a prompt, a state change)
 * then nudges its delivery; a failed nudge fails the activity, whose retry stores nothing twice.
 */
function nudgingDelivery<I extends { conversationId: string }, O>(notify: ActivityDependencies['notifyOutbox'], activity: (input: I) => Promise<O>) {
  if (!notify) return activity;
  return async (input: I): Promise<O> => {
    const result = await activity(input);
    await notify(input.conversationId);
    return result;
  };
}

export function createActivities(dependencies: ActivityDependencies) {
  const { recordState } = createConversationRecordActivities(dependencies);
  const { answerAsBot, ...bot } = createBotActivities(dependencies);
  const { sendPrompt } = createPromptActivities(dependencies);
  const notify = dependencies.notifyOutbox;
  return {
    recordState: nudgingDelivery(notify, recordState),
    answerAsBot: nudgingDelivery(notify, answerAsBot),
    ...bot,
    sendPrompt: nudgingDelivery(notify, sendPrompt),
    ...createDeliveryActivities(dependencies),
    ...createCustomerProfileActivities(dependencies),
    ...createContextTransferActivities(dependencies),
    ...createRoutingActivities(dependencies),
    ...createWaitingRoomActivities(dependencies),
  };
}

export type ConversationActivities = ReturnType<typeof createActivities>;
