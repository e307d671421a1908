import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * How Baton signs what it POSTs to a company's webhook, the way Stripe does: the header
 * `Baton-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>" with the endpoint's secret>`.
 * The timestamp inside the signed text lets a receiver refuse a replay of an old delivery.
 */
export const SIGNATURE_HEADER = 'Baton-Signature';

export function signWebhookBody(secret: string, body: string, timestampSeconds: number): string {
  const digest = createHmac('sha256', secret).update(`${timestampSeconds}.${body}`).digest('hex');
  return `t=${timestampSeconds},v1=${digest}`;
}

/**
 * What a receiver does with the header (exported for companies' Node receivers and for the tests):
 * true when one `v1` matches and the timestamp is within `toleranceSeconds` of now.
 */
export function verifyWebhookSignature(
  secret: string,
  body: string,
  header: string | undefined,
  { nowSeconds = Math.floor(Date.now() / 1000), toleranceSeconds = 300 }: { nowSeconds?: number; toleranceSeconds?: number } = {},
): boolean {
  if (!header || header.length > 1024) return false;
  const parts = header.split(',').map((part) => part.trim().split('='));
  const timestamp = Number(parts.find(([key]) => key === 't')?.[1]);
  if (!Number.isInteger(timestamp) || Math.abs(nowSeconds - timestamp) > toleranceSeconds) return false;
  const expected = Buffer.from(createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex'));
  return parts.some(([key, value]) => {
    if (key !== 'v1' || value === undefined) return false;
    const given = Buffer.from(value);
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}
