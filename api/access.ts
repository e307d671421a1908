import type { Response } from 'express';
import type { Principal, Role } from '../db/api-keys';
import type { ConversationRecord } from '../db/conversations';
import { ApiError } from './errors';

/**
 * Who may do what. The service (BATON_API_KEY) may do everything; a supervisor everything but
 * speaking as a customer or managing keys; an agent only what concerns conversations assigned to
 * them, plus watching live bot conversations to step in as themselves.
 */
export function principalOf(res: Response): Principal {
  return res.locals.principal as Principal;
}

export function requireRole(res: Response, ...roles: Role[]): Principal {
  const principal = principalOf(res);
  if (!roles.includes(principal.role)) throw new ApiError(403, 'forbidden', `a ${principal.role} key may not do this`);
  return principal;
}

/** An agent may see a conversation assigned to them, or a live bot conversation they might step into. */
export function requireConversationAccess(res: Response, conversation: ConversationRecord, { watching = false } = {}): void {
  const principal = principalOf(res);
  if (principal.role !== 'agent') return;
  if (conversation.agentId === principal.agentId) return;
  if (watching && conversation.state === 'bot') return;
  throw new ApiError(403, 'forbidden', 'this conversation is not assigned to you');
}

/** An agent acts only as themselves. */
export function requireSelf(res: Response, agentId: string, field = 'agentId'): void {
  const principal = principalOf(res);
  if (principal.role === 'agent' && principal.agentId !== agentId) {
    throw new ApiError(403, 'forbidden', 'an agent key acts only as its own agent', { field });
  }
}
