import { Router, type Request } from 'express';
import { deleteCannedReply, findCannedReplies, saveCannedReply } from '../db/canned-replies';
import { getAgent } from '../db/agents';
import { pgErrorCode } from '../db/pool';
import { requireRole } from './access';
import type { ApiContext } from './context';
import { ApiError, notFound, parseOrThrow } from './errors';
import { cannedReplyBody, cannedReplyIdParam, cannedReplyQuery } from './schemas';

const UNIQUE_VIOLATION = '23505';

/** Canned replies per team: agents read their team's, supervisors read and edit every team's. */
export function cannedReplyRoutes({ db }: ApiContext): Router {
  const router = Router();

  router.get('/', async (req, res) => {
    const principal = requireRole(res, 'service', 'supervisor', 'agent');
    const { q, team } = parseOrThrow(cannedReplyQuery, req.query, 'query');
    // An agent sees their own team's replies, whatever team they ask for.
    const agent = principal.role === 'agent' && principal.agentId ? await getAgent(db, principal.agentId) : null;
    const readTeam = principal.role === 'agent' ? (agent?.team ?? 'support') : (team ?? null);
    res.json({ replies: await findCannedReplies(db, { team: readTeam, query: q }) });
  });

  const save = async (req: Request, id?: string) => {
    const draft = parseOrThrow(cannedReplyBody, req.body, 'body');
    try {
      return await saveCannedReply(db, draft, id);
    } catch (error) {
      if (pgErrorCode(error) === UNIQUE_VIOLATION) {
        throw new ApiError(409, 'shortcut_taken', `team ${draft.team} already has /${draft.shortcut}${draft.locale ? ` in ${draft.locale}` : ''}`, { field: 'shortcut' });
      }
      throw error;
    }
  };
  const replyId = (req: Request) => {
    const id = cannedReplyIdParam.safeParse(req.params.id);
    if (!id.success) throw notFound('canned reply');
    return id.data;
  };

  router.post('/', async (req, res) => {
    requireRole(res, 'service', 'supervisor');
    res.status(201).json(await save(req));
  });

  router.put('/:id', async (req, res) => {
    requireRole(res, 'service', 'supervisor');
    const saved = await save(req, replyId(req));
    if (!saved) throw notFound('canned reply');
    res.json(saved);
  });

  router.delete('/:id', async (req, res) => {
    requireRole(res, 'service', 'supervisor');
    if (!(await deleteCannedReply(db, replyId(req)))) throw notFound('canned reply');
    res.status(204).end();
  });

  return router;
}
