import { WorkflowNotFoundError } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import type { Request } from 'express';
import { getAgent } from '../db/agents';
import { getConversation, type ConversationRecord } from '../db/conversations';
import { assignmentOf } from '../routing/assignments';
import { queueStanding } from '../routing/wait-estimate';
import { conversationWorkflowId } from '../workflows/definitions';
import type { ApiContext } from './context';
import { ApiError, fromWorkflowError, notFound, parseOrThrow } from './errors';
import { conversationIdParam, idempotencyKeyHeader } from './schemas';

/** The same Idempotency-Key again with a different body or text: a 409, never a silent replay of the first. */
export const reusedKey = (what: 'body' | 'text') =>
  new ApiError(409, 'idempotency_key_reused', `Idempotency-Key was used before with a different ${what}`, { field: 'Idempotency-Key' });

/** What every conversation route needs: finding the conversation, showing it, and telling its workflow. */
export function conversationHandles({ db, temporal }: Pick<ApiContext, 'db' | 'temporal'>) {
  return {
    idempotencyKey: (req: Request) => parseOrThrow(idempotencyKeyHeader, req.get('Idempotency-Key'), 'header'),

    /** The conversation the path names; a malformed id is an unknown id. */
    async find(req: Request): Promise<ConversationRecord> {
      const id = conversationIdParam.safeParse(req.params.id);
      const conversation = id.success ? await getConversation(db, id.data) : null;
      if (!conversation) throw notFound('conversation');
      return conversation;
    },

    /** The conversation as the API shows it, with its live place in line or its assignment. */
    async present(conversation: ConversationRecord) {
      const queue = conversation.state === 'queued' ? await queueStanding(db, conversation.id) : null;
      const assignment = conversation.state === 'agent_assigned' ? await assignmentOf(db, conversation.id) : null;
      const { requestHash: _hash, ...visible } = conversation;
      return { ...visible, queue, assignment };
    },

    /**
     * What the customer's own token reads: where their conversation stands and who is helping them,
     * not the shop's metadata, the escalation's evidence or the routing's reasons.
     */
    async presentToCustomer(conversation: ConversationRecord) {
      const { queue, assignment } = await this.present(conversation);
      const agent = assignment ? await getAgent(db, assignment.agentId) : null;
      const { id, state, channel, locale, outcome, createdAt, updatedAt, queuedAt, assignedAt, resolvedAt } = conversation;
      return {
        id, state, channel, locale, outcome, createdAt, updatedAt, queuedAt, assignedAt, resolvedAt, queue,
        agentId: assignment?.agentId ?? null,
        assignment: assignment ? { status: assignment.status, assignedAt: assignment.assignedAt, acceptedAt: assignment.acceptedAt } : null,
        agent: agent ? { id: agent.id, name: agent.name } : null,
      };
    },

    /**
     * Sends the conversation's workflow one update and returns its answer. The machine decides: a
     * refusal is a 409 with the state it was refused in, and a resolved conversation, whose workflow has
     * ended, is a 409 `transition_refused` in state `resolved`. Nothing here judges states beforehand.
     */
    async send<Ret, Args extends [unknown]>(conversation: ConversationRecord, update: UpdateDefinition<Ret, Args>, args: Args[0], updateId?: string): Promise<Ret> {
      try {
        return await temporal.workflow.getHandle(conversationWorkflowId(conversation.id)).executeUpdate(update, { args: [args] as unknown as Args, ...(updateId ? { updateId } : {}) });
      } catch (error) {
        if (error instanceof WorkflowNotFoundError && conversation.state === 'resolved') {
          throw new ApiError(409, 'transition_refused', 'the conversation is resolved; start a new one', { state: 'resolved' });
        }
        throw fromWorkflowError(error) ?? error;
      }
    },
  };
}

export type ConversationHandles = ReturnType<typeof conversationHandles>;
