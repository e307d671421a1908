import { DeliveryFailure } from './delivery';
import { SIGNATURE_HEADER, signWebhookBody } from './webhook-signature';

/** One event as a company's webhook receives it. */
export interface WebhookEvent {
  /** The outbox item's id: the same on every retry of one event, so a receiver can drop repeats. */
  id: string;
  type: string;
  createdAt: string;
  conversationId: string;
  channel: string;
  customerId: string;
  data: Record<string, unknown>;
}

const TIMEOUT_MS = 10_000;
/** A receiver asking for longer waits this long at most: its lane holds only its own events, but they should not sit for hours. */
const MAX_RETRY_AFTER_SECONDS = 300;

/**
 * POSTs one event, signed. A 2xx is delivered; a 410 Gone means the receiver wants no more and is
 * not retried; anything else (down, slow, 5xx, 429 with its Retry-After, other 4xx a fix may cure)
 * is retried by the delivery workflow with backoff until its attempts run out.
 */
export async function postWebhookEvent(
  { url, secret }: { url: string; secret: string },
  event: WebhookEvent,
  { fetch: fetchImpl = fetch, nowSeconds = () => Math.floor(Date.now() / 1000) }: { fetch?: typeof fetch; nowSeconds?: () => number } = {},
): Promise<void> {
  const body = JSON.stringify(event);
  let response: Response;
  try {
    response = await fetchImpl(url, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        'User-Agent': 'Baton-Webhooks/1',
        'Baton-Event-Id': event.id,
        'Baton-Event-Type': event.type,
        [SIGNATURE_HEADER]: signWebhookBody(secret, body, nowSeconds()),
      },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (error) {
    const { name, message } = error as { name?: string; message?: string };
    const timedOut = name === 'TimeoutError' || name === 'AbortError';
    throw new DeliveryFailure(timedOut ? 'timeout' : 'network', timedOut ? `the webhook did not answer within ${TIMEOUT_MS / 1000} s` : `the webhook is unreachable (${message ?? name})`, true);
  }
  await response.body?.cancel().catch(() => undefined);
  if (response.ok) return;
  if (response.status === 410) throw new DeliveryFailure('http:410', 'the webhook answered 410 Gone: it takes no more events', false);
  const retryAfter = Number(response.headers.get('retry-after'));
  throw new DeliveryFailure(`http:${response.status}`, `the webhook answered HTTP ${response.status}`, true, Number.isFinite(retryAfter) && retryAfter > 0 ? Math.min(retryAfter, MAX_RETRY_AFTER_SECONDS) : null);
}
