import type { Response } from 'express';
import type { Principal as KeyHolder, Role } from '../db/api-keys';
import type { ConversationRecord } from '../db/conversations';
import { ApiError } from './errors';

/** A customer holding a token for one conversation (api/customer-tokens.ts). */
export interface CustomerPrincipal {
  role: 'customer';
  agentId: null;
  conversationId: string;
}

export type Principal = KeyHolder | CustomerPrincipal;

/**
 * Who may do what. The service (BATON_API_KEY) may do everything; a supervisor everything but
 * speaking as a customer or managing keys; an agent only what concerns conversations assigned to
 * them, plus watching live bot conversations to step in as themselves; a customer token only its
 * own conversation's customer side.
 */
export function principalOf(res: Response): Principal {
  return res.locals.principal as Principal;
}

export function requireRole(res: Response, ...roles: Role[]): KeyHolder {
  const principal = principalOf(res);
  if (principal.role === 'customer' || !roles.includes(principal.role)) throw new ApiError(403, 'forbidden', `a ${principal.role} key may not do this`);
  return principal;
}

/** An agent may see a conversation assigned to them, or a live bot conversation they might step into. */
export function requireConversationAccess(res: Response, conversation: ConversationRecord, { watching = false } = {}): void {
  const principal = principalOf(res);
  if (principal.role === 'customer') {
    if (principal.conversationId === conversation.id) return;
    throw new ApiError(403, 'forbidden', 'a customer token reaches only its own conversation');
  }
  if (principal.role !== 'agent') return;
  if (conversation.agentId === principal.agentId) return;
  if (watching && conversation.state === 'bot') return;
  throw new ApiError(403, 'forbidden', 'this conversation is not assigned to you');
}

/** The customer's side of a conversation: the service speaking for its customers, or the customer's own token. */
export function requireCustomerSide(res: Response, conversation: ConversationRecord): void {
  const principal = principalOf(res);
  if (principal.role === 'service') return;
  if (principal.role === 'customer' && principal.conversationId === conversation.id) return;
  throw new ApiError(403, 'forbidden', principal.role === 'customer' ? 'a customer token reaches only its own conversation' : `a ${principal.role} key may not speak as the customer`);
}

/** An agent acts only as themselves; a supervisor as anyone; a customer as no agent. */
export function requireSelf(res: Response, agentId: string, field = 'agentId'): void {
  const principal = principalOf(res);
  if (principal.role === 'customer') throw new ApiError(403, 'forbidden', 'a customer token may not act as an agent', { field });
  if (principal.role === 'agent' && principal.agentId !== agentId) {
    throw new ApiError(403, 'forbidden', 'an agent key acts only as its own agent', { field });
  }
}

/**
 * Whether the credential behind this request is still good, asked again by live streams: a key not
 * revoked, a customer token not expired. Authentication (api/app.ts) sets it; the service key never lapses.
 */
export function credentialStillValid(res: Response): () => Promise<boolean> {
  return (res.locals.credentialStillValid as (() => Promise<boolean>) | undefined) ?? (async () => true);
}

/** `requireConversationAccess` as a yes or no, for a stream that keeps asking. */
export function mayWatch(res: Response, conversation: ConversationRecord): boolean {
  try {
    requireConversationAccess(res, conversation, { watching: true });
    return true;
  } catch {
    return false;
  }
}
