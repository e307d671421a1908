import { randomBytes, randomUUID } from 'node:crypto';
import { Router } from 'express';
import { createWebhookEndpoint, deleteWebhookEndpoint, listWebhookEndpoints } from '../db/webhooks';
import { requireRole } from './access';
import type { ApiContext } from './context';
import { notFound, parseOrThrow } from './errors';
import { webhookBody, webhookIdParam } from './schemas';

/**
 * A company's own channel (its app, SMS, email): it registers a URL, and Baton POSTs it every
 * message said to a customer and every state change, signed with the endpoint's secret (see
 * channels/webhook-signature.ts), retried with backoff, in order per conversation.
 * The secret is shown once, when the endpoint is made.
 */
export function webhookRoutes({ db }: ApiContext): Router {
  const router = Router();

  router.post('/', async (req, res) => {
    requireRole(res, 'service');
    const body = parseOrThrow(webhookBody, req.body, 'body');
    const secret = body.secret ?? `whsec_${randomBytes(24).toString('base64url')}`;
    const endpoint = await createWebhookEndpoint(db, {
      id: randomUUID(),
      url: body.url,
      secret,
      eventTypes: body.eventTypes ? [...new Set(body.eventTypes)] : null,
      channels: body.channels ? [...new Set(body.channels)] : null,
      description: body.description ?? null,
    });
    res.status(201).json({ ...endpoint, secret });
  });

  router.get('/', async (_req, res) => {
    requireRole(res, 'service');
    res.json({ webhooks: await listWebhookEndpoints(db) });
  });

  router.delete('/:id', async (req, res) => {
    requireRole(res, 'service');
    const id = webhookIdParam.safeParse(req.params.id);
    if (!id.success || !(await deleteWebhookEndpoint(db, id.data))) throw notFound('webhook');
    res.status(204).end();
  });

  return router;
}
