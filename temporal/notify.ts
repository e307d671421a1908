import type { Client } from '@temporalio/client';
import type { Assignment } from '../routing/assignments';
import { agentAssignedSignal, conversationWorkflowId } from '../workflows/definitions';

/** Tells a conversation's workflow that the database gave it an agent. */
export function createAssignmentNotifier(client: Client) {
  return async ({ conversationId, agentId }: Assignment): Promise<void> => {
    await client.workflow.getHandle(conversationWorkflowId(conversationId)).signal(agentAssignedSignal, { agentId });
  };
}
