import type { Channel } from '../domain/conversation';
import type { Queryable } from './queryable';

/** A company's own channel: where Baton POSTs the outbox, and the secret it signs with. */
export interface WebhookEndpoint {
  id: string;
  url: string;
  eventTypes: string[] | null;
  channels: Channel[] | null;
  description: string | null;
  createdAt: string;
}

interface EndpointRow {
  id: string;
  url: string;
  event_types: string[] | null;
  channels: Channel[] | null;
  description: string | null;
  created_at: Date;
}

const toEndpoint = (row: EndpointRow): WebhookEndpoint => ({
  id: row.id,
  url: row.url,
  eventTypes: row.event_types,
  channels: row.channels,
  description: row.description,
  createdAt: row.created_at.toISOString(),
});

export async function createWebhookEndpoint(
  db: Queryable,
  endpoint: { id: string; url: string; secret: string; eventTypes: string[] | null; channels: Channel[] | null; description: string | null },
): Promise<WebhookEndpoint> {
  const result = await db.query<EndpointRow>(
    `insert into webhook_endpoints (id, url, secret, event_types, channels, description) values ($1, $2, $3, $4, $5, $6)
     returning id, url, event_types, channels, description, created_at`,
    [endpoint.id, endpoint.url, endpoint.secret, endpoint.eventTypes, endpoint.channels, endpoint.description],
  );
  return toEndpoint(result.rows[0]!);
}

export async function listWebhookEndpoints(db: Queryable): Promise<WebhookEndpoint[]> {
  const result = await db.query<EndpointRow>(
    'select id, url, event_types, channels, description, created_at from webhook_endpoints where deleted_at is null order by created_at',
  );
  return result.rows.map(toEndpoint);
}

/** The endpoint with its secret, for signing a delivery; a deleted one is gone for deliveries too. */
export async function webhookEndpointForDelivery(db: Queryable, id: string): Promise<(WebhookEndpoint & { secret: string }) | null> {
  const result = await db.query<EndpointRow & { secret: string }>(
    'select id, url, secret, event_types, channels, description, created_at from webhook_endpoints where id = $1 and deleted_at is null',
    [id],
  );
  const row = result.rows[0];
  return row ? { ...toEndpoint(row), secret: row.secret } : null;
}

/** Stops deliveries to an endpoint; false when there is no such endpoint. */
export async function deleteWebhookEndpoint(db: Queryable, id: string): Promise<boolean> {
  const result = await db.query('update webhook_endpoints set deleted_at = now() where id = $1 and deleted_at is null', [id]);
  return (result.rowCount ?? 0) > 0;
}
