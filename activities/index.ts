import { createBotActivities } from './bot';
import { createContextTransferActivities } from './context-transfer';
import { createCustomerProfileActivities } from './customer-profile';
import { createDeliveryActivities } from './delivery';
import { temporalActivityLogger } from './log';
import { createConversationRecordActivities } from './conversation-record';
import { createPromptActivities } from './prompts';
import { createRoutingActivities } from './routing';
import type { ActivityDependencies } from './types';
import { createWaitingRoomActivities } from './waiting-room';

export type { ActivityDependencies } from './types';

/**
 * An activity that writes to the conversation's outbox (a bot answer, a prompt, a state change)
 * then nudges its delivery. What it wrote is the conversation's truth and is kept whatever the
 * nudge does: a nudge that fails (Temporal unreachable for a moment) is left to the worker's outbox
 * sweep (worker/outbox-sweep.ts), rather than failing — and re-running — a bot turn over it.
 */
function nudgingDelivery<I extends { conversationId: string }, O>(
  { notifyOutbox: notify, logger = temporalActivityLogger }: ActivityDependencies,
  activity: (input: I) => Promise<O>,
) {
  if (!notify) return activity;
  return async (input: I): Promise<O> => {
    const result = await activity(input);
    await notify(input.conversationId).catch((error: unknown) =>
      logger.warn({ err: error, conversationId: input.conversationId }, 'could not nudge the delivery; the outbox sweep will'),
    );
    return result;
  };
}

export function createActivities(dependencies: ActivityDependencies) {
  const { recordState } = createConversationRecordActivities(dependencies);
  const { answerAsBot, ...bot } = createBotActivities(dependencies);
  const { sendPrompt } = createPromptActivities(dependencies);
  return {
    recordState: nudgingDelivery(dependencies, recordState),
    answerAsBot: nudgingDelivery(dependencies, answerAsBot),
    ...bot,
    sendPrompt: nudgingDelivery(dependencies, sendPrompt),
    ...createDeliveryActivities(dependencies),
    ...createCustomerProfileActivities(dependencies),
    ...createContextTransferActivities(dependencies),
    ...createRoutingActivities(dependencies),
    ...createWaitingRoomActivities(dependencies),
  };
}

export type ConversationActivities = ReturnType<typeof createActivities>;
