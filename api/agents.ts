import { Router, type Request } from 'express';
import { getAgent, listAgents, saveAgentProfile, setAgentStatus } from '../db/agents';
import { agentConversations } from '../db/assignments';
import { pgErrorCode } from '../db/pool';
import { openOffersOf } from '../routing/assignments';
import { offerWaitingWork } from '../routing/offer-waiting';
import { createAssignmentNotifier } from '../temporal/notify';
import { conversationWorkflowId, declineOfferUpdate } from '../workflows/definitions';
import { streamAgentEvents } from './agent-events';
import type { ApiContext } from './context';
import { credentialStillValid, requireRole, requireSelf } from './access';
import { audit } from './audit';
import { ApiError, notFound, parseOrThrow } from './errors';
import { agentBody, agentStatusBody } from './schemas';

const CHECK_VIOLATION = '23514';

export function agentRoutes(context: ApiContext): Router {
  const { db, temporal, logger } = context;
  const router = Router();
  const notifyAssignment = createAssignmentNotifier(temporal);

  /**
   * Fills the agent's free capacity from the queue and tells each conversation
   * (routing/offer-waiting.ts): a notification that fails is logged, not fatal, since the
   * conversation's own recheck recovers it.
   */
  async function offerWaiting(agentId: string): Promise<string[]> {
    const assigned = await offerWaitingWork(db, agentId, { notify: notifyAssignment, warnings: logger });
    return assigned.map((assignment) => assignment.conversationId);
  }

  /**
   * An agent who steps away passes on the offers they have not answered, so those customers go to
   * the next best agent now rather than when the offers run out. A conversation whose workflow
   * refuses (it was answered meanwhile) is left as it is.
   */
  async function passOpenOffers(id: string): Promise<string[]> {
    const open = await openOffersOf(db, id);
    const results = await Promise.allSettled(
      open.map((conversationId) => temporal.workflow.getHandle(conversationWorkflowId(conversationId)).executeUpdate(declineOfferUpdate, { args: [{ agentId: id }] })),
    );
    results.forEach((result, index) => {
      if (result.status === 'rejected') logger.info({ err: result.reason, conversationId: open[index] }, 'open offer not passed on; it runs out instead');
    });
    return open.filter((_, index) => results[index]?.status === 'fulfilled');
  }

  async function presentAgent(id: string) {
    const agent = await getAgent(db, id);
    if (!agent) throw notFound('agent');
    return agent;
  }

  const agentId = (req: Request) => String(req.params.id);

  router.post('/', async (req, res) => {
    requireRole(res, 'service', 'supervisor');
    const body = parseOrThrow(agentBody, req.body, 'body');
    let created: boolean;
    try {
      ({ created } = await saveAgentProfile(db, body));
    } catch (error) {
      if (pgErrorCode(error) === CHECK_VIOLATION) {
        throw new ApiError(409, 'capacity_below_load', 'capacity is below the conversations the agent holds now', { field: 'capacity' });
      }
      throw error;
    }
    await audit(db, res, { action: 'agent.saved', target: body.id, detail: { created, capacity: body.capacity } });
    const assigned = (await presentAgent(body.id)).status === 'available' ? await offerWaiting(body.id) : [];
    res.status(created ? 201 : 200).json({ ...(await presentAgent(body.id)), assigned });
  });

  /** The floor: every agent with status, load and missed offers (a supervisor's view, an agent's list to transfer to). */
  router.get('/', async (_req, res) => {
    requireRole(res, 'service', 'supervisor', 'agent');
    res.json({ agents: await listAgents(db) });
  });

  router.get('/:id', async (req, res) => {
    requireSelf(res, agentId(req), 'id');
    res.json(await presentAgent(agentId(req)));
  });

  /** What an agent desktop loads: the conversations the agent holds, each with its handoff brief. */
  router.get('/:id/conversations', async (req, res) => {
    requireSelf(res, agentId(req), 'id');
    await presentAgent(agentId(req));
    res.json({ agentId: agentId(req), conversations: await agentConversations(db, agentId(req)) });
  });

  /** The agent desk's live feed: offers to answer, conversations held and ended, status. */
  router.get('/:id/events', async (req, res) => {
    requireSelf(res, agentId(req), 'id');
    await presentAgent(agentId(req));
    streamAgentEvents(db, logger, agentId(req), context.offerPolicy.timeoutSeconds, req, res, { wakeups: context.wakeups, stillAllowed: credentialStillValid(res) });
  });

  router.put('/:id/status', async (req, res) => {
    requireSelf(res, agentId(req), 'id');
    const { status } = parseOrThrow(agentStatusBody, req.body, 'body');
    if (!(await setAgentStatus(db, agentId(req), status))) throw notFound('agent');
    await audit(db, res, { action: 'agent.status_changed', target: agentId(req), detail: { status } });
    const assigned = status === 'available' ? await offerWaiting(agentId(req)) : [];
    const passed = status === 'available' ? [] : await passOpenOffers(agentId(req));
    res.json({ ...(await presentAgent(agentId(req))), assigned, ...(passed.length > 0 ? { passed } : {}) });
  });

  return router;
}
