import { Router } from 'express';
import { createApiKey, revokeApiKey } from '../db/api-keys';
import { getAgent } from '../db/agents';
import { requireRole } from './access';
import { audit } from './audit';
import type { ApiContext } from './context';
import { ApiError, notFound, parseOrThrow } from './errors';
import { keyBody, keyIdParam } from './schemas';

/** Keys for supervisors and agents, issued and revoked by the service. */
export function keyRoutes({ db }: ApiContext): Router {
  const router = Router();

  router.post('/', async (req, res) => {
    requireRole(res, 'service');
    const body = parseOrThrow(keyBody, req.body, 'body');
    if (body.role === 'agent' && !body.agentId) throw new ApiError(400, 'invalid_request', 'agentId: required for an agent key', { field: 'agentId' });
    if (body.agentId && !(await getAgent(db, body.agentId))) throw notFound('agent');
    const { id, key } = await createApiKey(db, body.role, body.agentId ?? null);
    await audit(db, res, { action: 'key.issued', target: id, detail: { role: body.role, agentId: body.agentId ?? null } });
    res.status(201).json({ id, key, role: body.role, agentId: body.agentId ?? null });
  });

  router.delete('/:id', async (req, res) => {
    requireRole(res, 'service');
    // Only a UUID can name a key: anything else is an unknown key, never a query Postgres refuses.
    const id = keyIdParam.safeParse(req.params.id);
    if (!id.success || !(await revokeApiKey(db, id.data))) throw notFound('key');
    await audit(db, res, { action: 'key.revoked', target: id.data });
    res.status(204).end();
  });

  return router;
}
