import { Router } from 'express';
import { agentSideRoutes } from './agent-side-routes';
import { conversationHandles } from './conversation-handles';
import { conversationReads } from './conversation-reads';
import type { ApiContext } from './context';
import { customerSideRoutes } from './customer-side-routes';
import { noteRoutes } from './notes';

/**
 * `/v1/conversations`: the customer's side (customer-side-routes), the agent's side (agent-side-routes) and
 * the reads (conversation-reads), each a group of named handlers over the same few helpers
 * (conversation-handles: find, present, and send an update with its failure mapped), and the
 * agents' private notes (notes).
 */
export function conversationRoutes(context: ApiContext): Router {
  const router = Router();
  const conversations = conversationHandles(context);
  customerSideRoutes(router, context, conversations);
  conversationReads(router, context, conversations);
  agentSideRoutes(router, context, conversations);
  noteRoutes(router, context, conversations);
  return router;
}
