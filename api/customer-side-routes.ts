import { randomUUID } from 'node:crypto';
import type { Router } from 'express';
import { saveCallbackNumber } from '../db/conversations';
import { saveFeedback, storeMessage } from '../db/messages';
import { botFeedbackUpdate, customerMessageUpdate, handoffUpdate, leaveQueueUpdate } from '../workflows/definitions';
import { requireCustomerSide, requireRole } from './access';
import { reusedKey, type ConversationHandles } from './conversation-handles';
import type { ApiContext } from './context';
import { openConversation } from './open-conversation';
import { ApiError, notFound, parseOrThrow } from './errors';
import { conversationIdParam, createConversationBody, customerMessageBody, feedbackBody, handoffBody, leaveQueueBody } from './schemas';

/**
 * The customer's side, called by the channels' backends with the service key (or by the widget with
 * the customer's token for its one conversation): opening a conversation, what the customer says,
 * their feedback, asking for a person, leaving the queue.
 * Whatever the customer sends is stored before anything else happens to it.
 */
export function customerSideRoutes(router: Router, context: ApiContext, conversations: ConversationHandles): void {
  const { db } = context;

  router.post('/', async (req, res) => {
    requireRole(res, 'service');
    const body = parseOrThrow(createConversationBody, req.body, 'body');
    const { conversation, created } = await openConversation(context, body, conversations.idempotencyKey(req) ?? null);
    if (!created) res.setHeader('Idempotent-Replayed', 'true');
    res.status(201).json(await conversations.present(conversation));
  });

  /** A credential for the customer's browser: it reaches this one conversation's customer side and nothing else. */
  router.post('/:id/customer-token', async (req, res) => {
    requireRole(res, 'service');
    const conversation = await conversations.find(req);
    if (conversation.state === 'resolved') throw new ApiError(409, 'transition_refused', 'the conversation is resolved; start a new one', { state: 'resolved' });
    res.status(201).json({ conversationId: conversation.id, ...context.customerTokens.issue(conversation.id) });
  });

  router.post('/:id/messages', async (req, res) => {
    const conversation = await conversations.find(req);
    requireCustomerSide(res, conversation);
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
    const conversation = await conversations.find(req);
    requireCustomerSide(res, conversation);
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
    const conversation = await conversations.find(req);
    requireCustomerSide(res, conversation);
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
    const conversation = await conversations.find(req);
    requireCustomerSide(res, conversation);
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
