import { randomUUID } from 'node:crypto';
import type { Request, Response, Router } from 'express';
import type { ConversationRecord } from '../db/conversations';
import { getAgent } from '../db/agents';
import { storeMessage } from '../db/messages';
import { assignmentOf } from '../routing/assignments';
import { acceptOfferUpdate, agentMessageUpdate, declineOfferUpdate, resolveUpdate, takeoverUpdate, transferUpdate } from '../workflows/definitions';
import { principalOf, requireConversationAccess, requireSelf } from './access';
import { audit } from './audit';
import { reusedKey, type ConversationHandles } from './conversation-handles';
import type { ApiContext } from './context';
import { ApiError, notFound, parseOrThrow } from './errors';
import { agentMessageBody, offerAnswerBody, resolveBody, takeoverBody, transferBody } from './schemas';

/**
 * The agent's side (agent keys as themselves; supervisors and services naming the agent): stepping
 * in, answering offers, transferring, writing to the customer, resolving.
 */
export function agentSideRoutes(router: Router, { db, notifyOutbox }: ApiContext, conversations: ConversationHandles): void {
  /**
   * Who answers an offer: an agent key as itself; a service or supervisor names the agent, or
   * answers for the one the database's live assignment offers it to.
   */
  async function answeringAgent(req: Request, res: Response, conversation: ConversationRecord): Promise<string> {
    const principal = principalOf(res);
    const named = parseOrThrow(offerAnswerBody, req.body ?? {}, 'body').agentId;
    const agentId = named ?? (principal.role === 'agent' ? principal.agentId : (await assignmentOf(db, conversation.id))?.agentId);
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

  /** An agent or supervisor steps in on a bot conversation, or takes a waiting one. */
  router.post('/:id/takeover', async (req, res) => {
    const conversation = await conversations.find(req);
    const { agentId } = parseOrThrow(takeoverBody, req.body, 'body');
    requireSelf(res, agentId);
    const agent = await getAgent(db, agentId);
    if (!agent) throw notFound('agent');
    // About the agent, not the conversation: stepping in needs a free slot now, or routing would
    // give the conversation to someone else in the agent's name.
    if (agent.status !== 'available' || agent.load >= agent.capacity) {
      throw new ApiError(409, 'agent_unavailable', `agent ${agentId} is ${agent.status === 'available' ? 'at capacity' : agent.status}`, { field: 'agentId' });
    }
    const answer = await conversations.send(conversation, takeoverUpdate, { agentId });
    await audit(db, res, { action: 'conversation.taken_over', conversationId: conversation.id, target: agentId, detail: { from: conversation.state } });
    res.json(answer);
  });

  router.post('/:id/resolve', async (req, res) => {
    const conversation = await conversations.find(req);
    const principal = principalOf(res);
    // An agent resolves as themselves.
    const agentId = parseOrThrow(resolveBody, req.body ?? {}, 'body').agentId ?? (principal.role === 'agent' ? principal.agentId : undefined);
    if (agentId) requireSelf(res, agentId);
    const answer = await conversations.send(conversation, resolveUpdate, { agentId: agentId ?? null });
    await audit(db, res, { action: 'conversation.resolved', conversationId: conversation.id, target: agentId ?? null, detail: { from: conversation.state } });
    res.json(answer);
  });

  /** The offered agent takes the conversation; the customer hears who joined. */
  router.post('/:id/accept', async (req, res) => {
    const conversation = await conversations.find(req);
    await requireOfferAccess(res, conversation);
    res.json(await conversations.send(conversation, acceptOfferUpdate, { agentId: await answeringAgent(req, res, conversation) }));
  });

  /** The offered agent passes: the next best agent is offered it, and this one never again. */
  router.post('/:id/decline', async (req, res) => {
    const conversation = await conversations.find(req);
    await requireOfferAccess(res, conversation);
    res.json(await conversations.send(conversation, declineOfferUpdate, { agentId: await answeringAgent(req, res, conversation) }));
  });

  /** The agent holding the conversation hands it to a colleague, or back to the queue for another skill. */
  router.post('/:id/transfer', async (req, res) => {
    const conversation = await conversations.find(req);
    requireConversationAccess(res, conversation);
    const body = parseOrThrow(transferBody, req.body, 'body');
    const principal = principalOf(res);
    const byAgentId = body.agentId ?? (principal.role === 'agent' ? principal.agentId : null);
    if (byAgentId) requireSelf(res, byAgentId);
    if (body.toAgentId && !(await getAgent(db, body.toAgentId))) throw notFound('agent');
    const target = body.toAgentId ? { agentId: body.toAgentId } : { skill: body.skill!, minLevel: body.minLevel };
    const answer = await conversations.send(conversation, transferUpdate, { byAgentId, target, note: body.note ?? null });
    // The note is the agent's own words about the customer: it travels with the brief, not into the log.
    await audit(db, res, {
      action: 'conversation.transferred',
      conversationId: conversation.id,
      target: body.toAgentId ?? null,
      detail: body.toAgentId ? { byAgentId, toAgentId: body.toAgentId } : { byAgentId, toSkill: body.skill!, minLevel: body.minLevel ?? null },
    });
    res.json(answer);
  });

  router.post('/:id/agent-messages', async (req, res) => {
    const conversation = await conversations.find(req);
    const { agentId, text } = parseOrThrow(agentMessageBody, req.body, 'body');
    requireSelf(res, agentId);
    // An agent's message is stored before the workflow hears of it, like every message; so one the
    // machine would refuse is refused first, from the live assignment (routing's truth, never
    // stale), lest a message nobody may send be stored in the transcript.
    const held = await assignmentOf(db, conversation.id);
    if (held?.agentId !== agentId) throw new ApiError(409, 'transition_refused', `agent ${agentId} does not hold this conversation`, { state: conversation.state });
    if (held.status !== 'active') throw new ApiError(409, 'transition_refused', 'accept the offer before writing to the customer', { state: conversation.state });
    const key = conversations.idempotencyKey(req) ?? randomUUID();
    const { message, created } = await storeMessage(db, { conversationId: conversation.id, sender: 'agent', agentId, text, dedupeKey: `agent:${key}` });
    if (!created && message.text !== text) throw reusedKey('text');
    const reply = await conversations.send(conversation, agentMessageUpdate, { agentId, messageId: message.id, text }, `agent-message-${message.id}`);
    // On its way to the customer's channel; a failed nudge is a 503 the client retries with the same key.
    await notifyOutbox(conversation.id);
    res.json({ messageId: message.id, ...reply });
  });
}
