import type { Client } from '@temporalio/client';
import { hasDeliveryTargets } from '../db/outbox';
import type { Queryable } from '../db/queryable';
import type { Channel } from '../domain/conversation';
import type { Assignment } from '../routing/assignments';
import {
  agentAssignedSignal,
  conversationWorkflowId,
  deliveryTaskQueueOf,
  deliveryWorkflowId,
  outboxAppendedSignal,
  queueReorderedSignal,
  type DeliveryWorkflow,
} from '../workflows/definitions';

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

/**
 * Nudges a conversation's delivery after something was written to its outbox, starting it if it is
 * not running. A conversation nothing delivers (a web chat with no webhook registered) is left alone.
 */
export function createOutboxNotifier(
  client: Client,
  { db, taskQueue, channels, maximumAttempts }: { db: Queryable; taskQueue: string; channels: readonly Channel[]; maximumAttempts: number },
) {
  return async (conversationId: string): Promise<void> => {
    if (!(await hasDeliveryTargets(db, conversationId, channels))) return;
    await client.workflow.signalWithStart<DeliveryWorkflow, []>('deliveryWorkflow', {
      workflowId: deliveryWorkflowId(conversationId),
      taskQueue: deliveryTaskQueueOf(taskQueue),
      args: [{ conversationId, maximumAttempts }],
      signal: outboxAppendedSignal,
      signalArgs: [],
    });
  };
}
