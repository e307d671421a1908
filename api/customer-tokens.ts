import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * A customer's credential for one conversation, so a browser never holds the service key: the
 * shop's backend asks for one (POST /v1/conversations/:id/customer-token) and hands it to the
 * widget. `ct1.<conversationId>.<expiry, unix seconds>.<HMAC-SHA256 of the rest>`, signed with a
 * secret derived from the service key: nothing is stored, and rotating the service key revokes
 * every token.
 */
export interface CustomerTokens {
  issue(conversationId: string, now?: Date): { token: string; expiresAt: string };
  /** The conversation the token is for and when it expires, or null when it is forged, malformed or expired. */
  verify(token: string, now?: Date): { conversationId: string; expiresAt: string } | null;
}

const PREFIX = 'ct1';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export const isCustomerToken = (presented: string) => presented.startsWith(`${PREFIX}.`);

export function customerTokens(serviceKey: string, ttlSeconds: number): CustomerTokens {
  const secret = createHmac('sha256', serviceKey).update('baton customer tokens v1').digest();
  const sign = (payload: string) => createHmac('sha256', secret).update(payload).digest('base64url');
  return {
    issue(conversationId, now = new Date()) {
      const expiry = Math.floor(now.getTime() / 1000) + ttlSeconds;
      const payload = `${PREFIX}.${conversationId}.${expiry}`;
      return { token: `${payload}.${sign(payload)}`, expiresAt: new Date(expiry * 1000).toISOString() };
    },
    verify(token, now = new Date()) {
      const parts = token.split('.');
      if (parts.length !== 4 || parts[0] !== PREFIX) return null;
      const [, conversationId, expiry, signature] = parts as [string, string, string, string];
      if (!UUID.test(conversationId) || !/^\d{1,12}$/.test(expiry)) return null;
      const expected = Buffer.from(sign(`${PREFIX}.${conversationId}.${expiry}`));
      const given = Buffer.from(signature);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
      const expiresAt = Number(expiry) * 1000;
      return expiresAt > now.getTime() ? { conversationId, expiresAt: new Date(expiresAt).toISOString() } : null;
    },
  };
}
