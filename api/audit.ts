import { Router, type Response } from 'express';
import { z } from 'zod';
import { listAudit, recordAudit, type AuditActor, type AuditRecord } from '../db/audit';
import type { Queryable } from '../db/queryable';
import { principalOf, requireRole } from './access';
import type { ApiContext } from './context';
import { parseOrThrow } from './errors';
import { requestIdOf } from './request-id';

/**
 * What an operator asks of the floor afterwards — who stepped in, who moved or closed a
 * conversation, who was given or lost a key, who changed an agent — as dotted past-tense names.
 * Accepting and declining offers are not here: the assignments already record them, auto-accepts included.
 */
export const AUDIT_ACTIONS = [
  'conversation.taken_over',
  'conversation.transferred',
  'conversation.resolved',
  'key.issued',
  'key.revoked',
  'agent.saved',
  'agent.status_changed',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** The key's id, set by authentication (api/app.ts) for a supervisor's or agent's key; the service key has none. */
export function keyIdOf(res: Response): string | null {
  return typeof res.locals.keyId === 'string' ? res.locals.keyId : null;
}

/** Who the request's credential is, for the log. Customer tokens take none of the audited actions. */
function actorOf(res: Response): AuditActor {
  const principal = principalOf(res);
  if (principal.role === 'customer') throw new Error('a customer token took an audited action');
  return { role: principal.role, agentId: principal.agentId, keyId: keyIdOf(res) };
}

/**
 * Writes one entry once the action has succeeded. A failed write is the request's error (a 503
 * with Postgres down), never dropped in silence; the action itself stands.
 */
export async function audit(
  db: Queryable,
  res: Response,
  entry: { action: AuditAction; conversationId?: string | null; target?: string | null; detail?: AuditRecord['detail'] },
): Promise<void> {
  await recordAudit(db, {
    actor: actorOf(res),
    action: entry.action,
    conversationId: entry.conversationId ?? null,
    target: entry.target ?? null,
    detail: entry.detail ?? {},
    requestId: requestIdOf(res),
  });
}

const AUDIT_PAGE_MAX = 200;

export const auditQuery = z.object({
  since: z.iso
    .datetime({ offset: true })
    .refine((text) => new Date(text).getUTCFullYear() >= 1970, 'must be 1970 or later')
    .optional()
    .meta({ description: 'Only entries at or after this time (RFC 3339).' }),
  actor: z.string().min(1).max(200).optional().meta({ description: 'A role (`service`, `supervisor`, `agent`), an agent id or a key id.' }),
  action: z.enum(AUDIT_ACTIONS).optional(),
  before: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional().meta({ description: "The previous page's `next`: only entries older than it." }),
  limit: z.coerce.number().int().min(1).max(AUDIT_PAGE_MAX).default(50),
});

/** `GET /v1/audit`: the log, newest first, for supervisors and the service (an agent's key is a 403). */
export function auditRoutes({ db }: ApiContext): Router {
  const router = Router();
  router.get('/', async (req, res) => {
    requireRole(res, 'service', 'supervisor');
    const query = parseOrThrow(auditQuery, req.query, 'query');
    const entries = await listAudit(db, { ...query, since: query.since ? new Date(query.since) : undefined });
    const last = entries.at(-1);
    res.json({ entries, next: entries.length === query.limit && last ? last.id : null });
  });
  return router;
}
