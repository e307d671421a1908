import { createHash, randomUUID } from 'node:crypto';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import type { z } from 'zod';
import { createConversation, deleteConversation, type ConversationRecord } from '../db/conversations';
import { conversationWorkflowId, type ConversationWorkflow } from '../workflows/definitions';
import { HandoffChannel, HandoffState } from '../workflows/search-attributes';
import { reusedKey } from './conversation-handles';
import type { ApiContext } from './context';
import type { createConversationBody } from './schemas';
import { operatorSummary } from '../machines/operator-view';

/**
 * Opens a conversation: its row, then its workflow. Idempotent by key: the same key and body give the
 * same conversation (and start its workflow if an earlier attempt stored the row and failed before
 * starting); the same key with another body is a 409.
 */
export async function openConversation(
  context: ApiContext,
  body: z.infer<typeof createConversationBody>,
  idempotencyKey: string | null,
  /** What the same key must come with again; the whole body unless the caller says less (a channel: only who and where). */
  sameRequest: unknown = body,
): Promise<{ conversation: ConversationRecord; created: boolean }> {
  const { db, temporal, taskQueue, settings } = context;
  const requestHash = createHash('sha256').update(JSON.stringify(sameRequest)).digest('hex');
  const { conversation, created } = await createConversation(db, {
    id: randomUUID(),
    customer: {
      id: body.customer.id,
      name: body.customer.name ?? null,
      phone: body.customer.phone ?? null,
      email: body.customer.email ?? null,
      locale: body.customer.locale ?? null,
    },
    channel: body.channel,
    metadata: body.metadata ?? {},
    idempotencyKey,
    requestHash,
  });
  if (!created && conversation.requestHash !== requestHash) throw reusedKey('body');
  try {
    await temporal.workflow.start<ConversationWorkflow>('conversationWorkflow', {
      workflowId: conversationWorkflowId(conversation.id),
      taskQueue,
      args: [
        {
          conversation: {
            conversationId: conversation.id,
            channel: conversation.channel,
            locale: conversation.locale,
            waitPolicy: context.waitPolicy,
            offerPolicy: context.offerPolicy,
          },
          settings,
        },
      ],
      // What the Temporal UI lists it by; where it stands is the workflow's current details.
      staticSummary: operatorSummary(conversation.channel, conversation.locale),
      workflowIdConflictPolicy: 'USE_EXISTING',
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      typedSearchAttributes: [
        { key: HandoffState, value: 'bot' },
        { key: HandoffChannel, value: conversation.channel },
      ],
    });
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) {
      if (created) await deleteConversation(db, conversation.id);
      throw error;
    }
  }
  return { conversation, created };
}
