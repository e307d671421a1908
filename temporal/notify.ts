import type { Client } from '@temporalio/client';
import type { Assignment } from '../routing/assignments';
import { agentAssignedSignal, conversationWorkflowId, queueReorderedSignal } from '../workflows/definitions';

/** Tells a conversation's workflow that the database gave it an agent. */
export function createAssignmentNotifier(client: Client) {
  return async ({ conversationId, agentId }: Assignment): Promise<void> => {
    await client.workflow.getHandle(conversationWorkflowId(conversationId)).signal(agentAssignedSignal, { agentId });
  };
}

/** Tells a queued conversation's workflow that its place in line changed, so the customer hears the new one. */
export function createQueueReorderedNotifier(client: Client) {
  return async (conversationId: string): Promise<void> => {
    await client.workflow.getHandle(conversationWorkflowId(conversationId)).signal(queueReorderedSignal);
  };
}
