import { createHash, randomUUID } from 'node:crypto';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { Router, type Request, type Response } from 'express';
import {
  createConversation,
  deleteConversation,
  getConversation,
  listConversationsInState,
  saveCallbackNumber,
  type ConversationRecord,
} from '../db/conversations';
import { getAgent } from '../db/agents';
import { getBrief, transfersOf } from '../db/briefs';
import { listMessages, recentTurns, saveFeedback, storeMessage } from '../db/messages';
import { riskOf } from '../bot/risk';
import { streamConversationEvents } from './events';
import { renderBriefText } from '../brief/render-text';
import { assignmentOf } from '../routing/assignments';
import { queueStanding } from '../routing/wait-estimate';
import {
  acceptOfferUpdate,
  agentMessageUpdate,
  declineOfferUpdate,
  transferUpdate,
  botFeedbackUpdate,
  conversationWorkflowId,
  customerMessageUpdate,
  handoffUpdate,
  leaveQueueUpdate,
  resolveUpdate,
  takeoverUpdate,
} from '../workflows/definitions';
import type { conversationWorkflow } from '../workflows/conversation';
import { HandoffChannel, HandoffState } from '../workflows/search-attributes';
import type { ApiContext } from './context';
import { principalOf, requireConversationAccess, requireRole, requireSelf } from './access';
import { ApiError, notFound, parseOrThrow } from './errors';
import {
  agentMessageBody,
  briefQuery,
  conversationIdParam,
  conversationListQuery,
  createConversationBody,
  customerMessageBody,
  feedbackBody,
  handoffBody,
  idempotencyKeyHeader,
  leaveQueueBody,
  offerAnswerBody,
  resolveBody,
  takeoverBody,
  transferBody,
} from './schemas';

export function conversationRoutes(context: ApiContext): Router {
  const { db, temporal, taskQueue, settings } = context;
  const router = Router();

  const idempotencyKey = (req: Request) => parseOrThrow(idempotencyKeyHeader, req.get('Idempotency-Key'), 'header');

  async function findConversation(req: Request): Promise<ConversationRecord> {
    const id = conversationIdParam.safeParse(req.params.id);
    const conversation = id.success ? await getConversation(db, id.data) : null;
    if (!conversation) throw notFound('conversation');
    return conversation;
  }

  async function present(conversation: ConversationRecord) {
    const queue = conversation.state === 'queued' ? await queueStanding(db, conversation.id) : null;
    const assignment = conversation.state === 'agent_assigned' ? await assignmentOf(db, conversation.id) : null;
    const { requestHash: _hash, ...visible } = conversation;
    return { ...visible, queue, assignment };
  }

  const handle = (conversation: ConversationRecord) => temporal.workflow.getHandle(conversationWorkflowId(conversation.id));

  router.post('/', async (req, res) => {
    requireRole(res, 'service');
    const body = parseOrThrow(createConversationBody, req.body, 'body');
    const key = idempotencyKey(req) ?? null;
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
      throw new ApiError(409, 'idempotency_key_reused', 'Idempotency-Key was used before with a different body', {
        field: 'Idempotency-Key',
      });
    }
    try {
      // Also on a replay: an earlier attempt may have stored the row and failed before starting.
      await temporal.workflow.start<typeof conversationWorkflow>('conversationWorkflow', {
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
    res.status(201).json(await present(conversation));
  });

  /**
   * Live monitoring: the conversations in a state, most recently active first. Bot conversations
   * carry a risk indicator from the triggers' signals, so a supervisor can step in early.
   */
  router.get('/', async (req, res) => {
    const { state, limit } = parseOrThrow(conversationListQuery, req.query, 'query');
    if (principalOf(res).role === 'agent' && state !== 'bot') throw new ApiError(403, 'forbidden', 'an agent key may list only live bot conversations');
    const conversations = await listConversationsInState(db, state, limit);
    const withRisk = await Promise.all(
      conversations.map(async (conversation) => ({
        ...(await present(conversation)),
        ...(state === 'bot' ? { risk: riskOf(await recentTurns(db, conversation.id, { limit: 20 })) } : {}),
      })),
    );
    res.json({ conversations: withRisk });
  });

  router.get('/:id', async (req, res) => {
    const conversation = await findConversation(req);
    requireConversationAccess(res, conversation, { watching: true });
    res.json(await present(conversation));
  });

  router.get('/:id/events', async (req, res) => {
    const conversation = await findConversation(req);
    requireConversationAccess(res, conversation, { watching: true });
    streamConversationEvents(db, context.logger, conversation.id, req, res);
  });

  router.get('/:id/messages', async (req, res) => {
    const conversation = await findConversation(req);
    requireConversationAccess(res, conversation, { watching: true });
    res.json({ conversationId: conversation.id, messages: await listMessages(db, conversation.id) });
  });

  router.get('/:id/brief', async (req, res) => {
    const conversation = await findConversation(req);
    requireConversationAccess(res, conversation);
    const { locale } = parseOrThrow(briefQuery, req.query, 'query');
    const brief = await getBrief(db, conversation.id);
    if (!brief) throw new ApiError(404, 'not_found', 'no handoff brief yet: the conversation has not been escalated');
    // Transfers travel with the brief, so the next agent sees who handed over and why.
    const transfers = await transfersOf(db, conversation.id);
    // JSON by default; plain text for channels and tools that cannot show structure.
    if (req.accepts(['application/json', 'text/plain']) === 'text/plain') {
      res.type('text/plain; charset=utf-8').send(renderBriefText(brief, locale ?? brief.locale, transfers));
      return;
    }
    res.json({ ...brief, transfers });
  });

  router.post('/:id/messages', async (req, res) => {
    requireRole(res, 'service');
    const conversation = await findConversation(req);
    const { text } = parseOrThrow(customerMessageBody, req.body, 'body');
    const key = idempotencyKey(req) ?? randomUUID();
    // Stored before anything else happens to it, so nothing the customer said is ever lost.
    const { message } = await storeMessage(db, { conversationId: conversation.id, sender: 'customer', text, dedupeKey: `customer:${key}` });
    if (conversation.state === 'resolved') {
      throw new ApiError(409, 'transition_refused', 'the conversation is resolved; start a new one', { state: 'resolved' });
    }
    const reply = await handle(conversation).executeUpdate(customerMessageUpdate, {
      args: [{ messageId: message.id, text: message.text }],
      updateId: `message-${message.id}`,
    });
    res.json({ messageId: message.id, ...reply });
  });

  /** A thumbs-up or -down on a bot answer; a thumbs-down may complete a streak and hand over. */
  router.post('/:id/messages/:messageId/feedback', async (req, res) => {
    requireRole(res, 'service');
    const conversation = await findConversation(req);
    const { helpful } = parseOrThrow(feedbackBody, req.body, 'body');
    const messageId = conversationIdParam.safeParse(req.params.messageId);
    if (!messageId.success || !(await saveFeedback(db, conversation.id, messageId.data, helpful))) throw notFound('bot message');
    if (helpful || conversation.state !== 'bot') {
      res.json({ state: conversation.state, replies: [] });
      return;
    }
    res.json(await handle(conversation).executeUpdate(botFeedbackUpdate, { args: [{ messageId: messageId.data, helpful }] }));
  });

  router.post('/:id/handoff', async (req, res) => {
    requireRole(res, 'service');
    const conversation = await findConversation(req);
    const { reason, source } = parseOrThrow(handoffBody, req.body ?? {}, 'body');
    const key = idempotencyKey(req);
    const reply = await handle(conversation).executeUpdate(handoffUpdate, {
      args: [{ trigger: source === 'menu' ? 'menu' : 'service_request', reason: reason ?? null }],
      ...(key ? { updateId: `handoff-${key}` } : {}),
    });
    res.json(reply);
  });

  /** The customer leaves the queue: just goes, asks to be called back, or leaves a message instead. */
  router.post('/:id/leave-queue', async (req, res) => {
    requireRole(res, 'service');
    const conversation = await findConversation(req);
    const body = parseOrThrow(leaveQueueBody, req.body, 'body');
    // Waiting means queued, or offered to an agent who has not accepted yet.
    const waiting = conversation.state === 'queued' || (conversation.state === 'agent_assigned' && (await assignmentOf(db, conversation.id))?.status === 'offered');
    if (!waiting) {
      throw new ApiError(409, 'transition_refused', 'only a conversation waiting for an agent can leave the queue', { state: conversation.state });
    }
    if (body.choice === 'callback') {
      const callbackNumber = body.callbackNumber ?? conversation.customer.phone;
      if (!callbackNumber) throw new ApiError(400, 'invalid_request', 'callbackNumber: required when the customer has no phone number on record', { field: 'callbackNumber' });
      await saveCallbackNumber(db, conversation.id, callbackNumber);
    }
    if (body.choice === 'message' && body.message) {
      // Stored before anything else, like every customer message.
      await storeMessage(db, { conversationId: conversation.id, sender: 'customer', text: body.message, dedupeKey: `customer:${idempotencyKey(req) ?? randomUUID()}` });
    }
    const reply = await handle(conversation).executeUpdate(leaveQueueUpdate, { args: [{ choice: body.choice }] });
    res.json(reply);
  });

  /** An agent or supervisor steps in on a bot conversation, or takes a waiting one. */
  router.post('/:id/takeover', async (req, res) => {
    const conversation = await findConversation(req);
    const { agentId } = parseOrThrow(takeoverBody, req.body, 'body');
    requireSelf(res, agentId);
    const agent = await getAgent(db, agentId);
    if (!agent) throw notFound('agent');
    if (agent.status !== 'available' || agent.load >= agent.capacity) {
      throw new ApiError(409, 'agent_unavailable', `agent ${agentId} is ${agent.status === 'available' ? 'at capacity' : agent.status}`, { field: 'agentId' });
    }
    const reply = await handle(conversation).executeUpdate(takeoverUpdate, { args: [{ agentId }] });
    res.json(reply);
  });

  router.post('/:id/resolve', async (req, res) => {
    const conversation = await findConversation(req);
    const principal = principalOf(res);
    // An agent resolves as themselves.
    const agentId = parseOrThrow(resolveBody, req.body ?? {}, 'body').agentId ?? (principal.role === 'agent' ? principal.agentId : undefined);
    if (agentId) requireSelf(res, agentId);
    const reply = await handle(conversation).executeUpdate(resolveUpdate, { args: [{ agentId: agentId ?? null }] });
    res.json(reply);
  });

  /** Who answers an offer: an agent key as itself; a service or supervisor names the agent, or answers for the one offered. */
  function answeringAgent(req: Request, res: Response, conversation: ConversationRecord): string {
    const principal = principalOf(res);
    const named = parseOrThrow(offerAnswerBody, req.body ?? {}, 'body').agentId;
    const agentId = named ?? (principal.role === 'agent' ? principal.agentId : conversation.agentId);
    if (!agentId) throw new ApiError(409, 'transition_refused', 'the conversation has no open offer', { state: conversation.state });
    requireSelf(res, agentId);
    return agentId;
  }

  /**
   * An agent may answer an offer as soon as it is on their desk: the database's live assignment
   * counts, not only the conversation record the workflow updates a moment later.
   */
  async function requireOfferAccess(res: Response, conversation: ConversationRecord): Promise<void> {
    const principal = principalOf(res);
    if (principal.role === 'agent' && conversation.agentId !== principal.agentId) {
      if ((await assignmentOf(db, conversation.id))?.agentId !== principal.agentId) requireConversationAccess(res, conversation);
    }
  }

  /** The offered agent takes the conversation; the customer hears who joined. */
  router.post('/:id/accept', async (req, res) => {
    const conversation = await findConversation(req);
    await requireOfferAccess(res, conversation);
    const agentId = answeringAgent(req, res, conversation);
    res.json(await handle(conversation).executeUpdate(acceptOfferUpdate, { args: [{ agentId }] }));
  });

  /** The offered agent passes: the next best agent is offered it, and this one never again. */
  router.post('/:id/decline', async (req, res) => {
    const conversation = await findConversation(req);
    await requireOfferAccess(res, conversation);
    const agentId = answeringAgent(req, res, conversation);
    res.json(await handle(conversation).executeUpdate(declineOfferUpdate, { args: [{ agentId }] }));
  });

  /** The agent holding the conversation hands it to a colleague, or back to the queue for another skill. */
  router.post('/:id/transfer', async (req, res) => {
    const conversation = await findConversation(req);
    requireConversationAccess(res, conversation);
    const body = parseOrThrow(transferBody, req.body, 'body');
    const principal = principalOf(res);
    const byAgentId = body.agentId ?? (principal.role === 'agent' ? principal.agentId : null);
    if (byAgentId) requireSelf(res, byAgentId);
    if (body.toAgentId && !(await getAgent(db, body.toAgentId))) throw notFound('agent');
    const reply = await handle(conversation).executeUpdate(transferUpdate, {
      args: [
        {
          byAgentId,
          target: body.toAgentId ? { agentId: body.toAgentId } : { skill: body.skill!, minLevel: body.minLevel },
          note: body.note ?? null,
        },
      ],
    });
    res.json(reply);
  });

  router.post('/:id/agent-messages', async (req, res) => {
    const conversation = await findConversation(req);
    const { agentId, text } = parseOrThrow(agentMessageBody, req.body, 'body');
    requireSelf(res, agentId);
    const held = conversation.state === 'agent_assigned' ? await assignmentOf(db, conversation.id) : null;
    if (held?.agentId !== agentId) {
      throw new ApiError(409, 'transition_refused', `agent ${agentId} does not hold this conversation`, { state: conversation.state });
    }
    if (held.status !== 'active') throw new ApiError(409, 'transition_refused', 'accept the offer before writing to the customer', { state: conversation.state });
    const key = idempotencyKey(req) ?? randomUUID();
    const { message } = await storeMessage(db, {
      conversationId: conversation.id,
      sender: 'agent',
      agentId,
      text,
      dedupeKey: `agent:${key}`,
    });
    const reply = await handle(conversation).executeUpdate(agentMessageUpdate, {
      args: [{ agentId, messageId: message.id, text }],
      updateId: `agent-message-${message.id}`,
    });
    res.json({ messageId: message.id, ...reply });
  });

  return router;
}
