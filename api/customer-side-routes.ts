import { createHash, randomUUID } from 'node:crypto';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import type { Router } from 'express';
import { createConversation, deleteConversation, saveCallbackNumber } from '../db/conversations';
import { saveFeedback, storeMessage } from '../db/messages';
import {
  botFeedbackUpdate,
  conversationWorkflowId,
  customerMessageUpdate,
  handoffUpdate,
  leaveQueueUpdate,
  type ConversationWorkflow,
} from '../workflows/definitions';
import { HandoffChannel, HandoffState } from '../workflows/search-attributes';
import { requireRole } from './access';
import { reusedKey, type ConversationHandles } from './conversation-handles';
import type { ApiContext } from './context';
import { ApiError, notFound, parseOrThrow } from './errors';
import { conversationIdParam, createConversationBody, customerMessageBody, feedbackBody, handoffBody, leaveQueueBody } from './schemas';

/**
 * The workflow's signature, from its definitions: the API knows workflows by their definitions, not
 * their code (workflows/conversation.ts implements it).
 */

/**
 * The customer's side, called by the channels' backends with the service key: opening a
 * conversation, what the customer says, their feedback, asking for a person, leaving the queue.
 * Whatever the customer sends is stored before anything else happens to it.
 */
export function customerSideRoutes(router: Router, context: ApiContext, conversations: ConversationHandles): void {
  const { db, temporal, taskQueue, settings } = context;

  router.post('/', async (req, res) => {
    requireRole(res, 'service');
    const body = parseOrThrow(createConversationBody, req.body, 'body');
    const key = conversations.idempotencyKey(req) ?? null;
    const requestHash = createHash('sha256').update(JSON.stringify(body)).digest('hex');
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
      idempotencyKey: key,
      requestHash,
    });
    if (!created && conversation.requestHash !== requestHash) {
      throw reusedKey('body');
    }
    try {
      // Also on a replay: an earlier attempt may have stored the row and failed before starting.
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
    if (!created) res.setHeader('Idempotent-Replayed', 'true');
    res.status(201).json(await conversations.present(conversation));
  });

  router.post('/:id/messages', async (req, res) => {
    requireRole(res, 'service');
    const conversation = await conversations.find(req);
    const { text } = parseOrThrow(customerMessageBody, req.body, 'body');
    const key = conversations.idempotencyKey(req) ?? randomUUID();
    // Stored before anything else happens to it, so nothing the customer said is ever lost.
    const { message, created } = await storeMessage(db, { conversationId: conversation.id, sender: 'customer', text, dedupeKey: `customer:${key}` });
    if (!created && message.text !== text) throw reusedKey('text');
    const reply = await conversations.send(conversation, customerMessageUpdate, { messageId: message.id, text: message.text }, `message-${message.id}`);
    res.json({ messageId: message.id, ...reply });
  });

  /** A thumbs-up or -down on a bot answer; a thumbs-down may complete a streak and hand over. */
  router.post('/:id/messages/:messageId/feedback', async (req, res) => {
    requireRole(res, 'service');
    const conversation = await conversations.find(req);
    const { helpful } = parseOrThrow(feedbackBody, req.body, 'body');
    const messageId = conversationIdParam.safeParse(req.params.messageId);
    if (!messageId.success || !(await saveFeedback(db, conversation.id, messageId.data, helpful))) throw notFound('bot message');
    // Feedback is taken whatever the state: stored above. A thumbs-up is only that; a thumbs-down
    // is the machine's to weigh, and where it does not take one (after a handoff) there is nothing more to do.
    if (helpful) {
      res.json({ state: conversation.state, replies: [] });
      return;
    }
    try {
      res.json(await conversations.send(conversation, botFeedbackUpdate, { messageId: messageId.data, helpful }));
    } catch (error) {
      if (!(error instanceof ApiError && error.code === 'transition_refused')) throw error;
      res.json({ state: error.extra.state ?? conversation.state, replies: [] });
    }
  });

  router.post('/:id/handoff', async (req, res) => {
    requireRole(res, 'service');
    const conversation = await conversations.find(req);
    const { reason, source } = parseOrThrow(handoffBody, req.body ?? {}, 'body');
    const key = conversations.idempotencyKey(req);
    const trigger = source === 'menu' ? 'menu' : 'service_request';
    res.json(await conversations.send(conversation, handoffUpdate, { trigger, reason: reason ?? null }, key ? `handoff-${key}` : undefined));
  });

  /**
   * The customer leaves the queue: just goes, asks to be called back, or leaves a message instead.
   * Whether they are waiting (queued, or offered to an agent who has not accepted) is the machine's to say.
   */
  router.post('/:id/leave-queue', async (req, res) => {
    requireRole(res, 'service');
    const conversation = await conversations.find(req);
    const body = parseOrThrow(leaveQueueBody, req.body, 'body');
    const callbackNumber = body.choice === 'callback' ? (body.callbackNumber ?? conversation.customer.phone) : null;
    if (body.choice === 'callback' && !callbackNumber) {
      throw new ApiError(400, 'invalid_request', 'callbackNumber: required when the customer has no phone number on record', { field: 'callbackNumber' });
    }
    // Kept before the workflow hears of it, like what the customer says; a refused request leaves the outcome as it was.
    if (callbackNumber) await saveCallbackNumber(db, conversation.id, callbackNumber);
    if (body.choice === 'message' && body.message) {
      // Stored before anything else, like every customer message.
      await storeMessage(db, { conversationId: conversation.id, sender: 'customer', text: body.message, dedupeKey: `customer:${conversations.idempotencyKey(req) ?? randomUUID()}` });
    }
    res.json(await conversations.send(conversation, leaveQueueUpdate, { choice: body.choice }));
  });
}
