import express, { Router } from 'express';
import { z } from 'zod';
import { getConversation } from '../db/conversations';
import { LOCALES, type Locale } from '../domain/conversation';
import type { ApiContext } from './context';
import { parseOrThrow } from './errors';
import { refuseInvalidUtf8, refuseUnstorableBody } from './hostile-input';
import { openConversation } from './open-conversation';

/** The demo customers (demo/seed.ts), one per language, so the brief has an account and orders to show. */
const DEMO_CUSTOMER: Record<Locale, string> = { 'zh-CN': 'c-42', 'zh-TW': 'c-2001', en: 'c-1001' };

export const sessionBody = z.object({
  locale: z.enum(LOCALES).default('zh-CN'),
  resume: z.object({ conversationId: z.string().uuid(), token: z.string().max(500) }).optional(),
});

/**
 * `POST /demo/session`: what a shop's backend does for its widget, done by `npm start` for the demo
 * page. It resumes the browser's conversation while its token holds and the conversation is open,
 * and otherwise opens a new one for a demo customer and hands back a customer token for it. A real
 * shop writes this endpoint itself, with the service key, for its signed-in customer.
 */
export function demoRoutes(context: ApiContext): Router {
  const router = Router();
  router.post('/session', express.json({ limit: '16kb', verify: refuseInvalidUtf8 }), refuseUnstorableBody, async (req, res) => {
    const { locale, resume } = parseOrThrow(sessionBody, req.body ?? {}, 'body');
    const held = resume ? context.customerTokens.verify(resume.token) : null;
    if (resume && held?.conversationId === resume.conversationId) {
      const open = await getConversation(context.db, resume.conversationId);
      if (open && open.state !== 'resolved') {
        res.json({ conversationId: open.id, token: resume.token, expiresAt: held.expiresAt, resumed: true });
        return;
      }
    }
    const { conversation } = await openConversation(context, { customer: { id: DEMO_CUSTOMER[locale], locale }, channel: 'web', metadata: { source: 'demo' } }, null);
    res.status(201).json({ conversationId: conversation.id, ...context.customerTokens.issue(conversation.id), resumed: false });
  });
  return router;
}
