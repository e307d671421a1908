import { createBotActivities } from './bot';
import { createContextTransferActivities } from './context-transfer';
import { createCustomerProfileActivities } from './customer-profile';
import { createConversationRecordActivities } from './conversation-record';
import { createPromptActivities } from './prompts';
import { createRoutingActivities } from './routing';
import type { ActivityDependencies } from './types';
import { createWaitingRoomActivities } from './waiting-room';

export type { ActivityDependencies } from './types';

export function createActivities(dependencies: ActivityDependencies) {
  return {
    ...createConversationRecordActivities(dependencies),
    ...createBotActivities(dependencies),
    ...createPromptActivities(dependencies),
    ...createCustomerProfileActivities(dependencies),
    ...createContextTransferActivities(dependencies),
    ...createRoutingActivities(dependencies),
    ...createWaitingRoomActivities(dependencies),
  };
}

export type ConversationActivities = ReturnType<typeof createActivities>;
