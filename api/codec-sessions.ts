import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * An operator's sign-in for the codec endpoint, so the Temporal UI (which can send the browser's
 * cookies but never a Baton key) may decode: `cs1.<holder>.<expiry, unix seconds>.<HMAC-SHA256 of
 * the rest>`, signed with a secret derived from the service key. The holder is `service` or the
 * supervisor key's id, never the key: each request asks again whether that key is still in use,
 * and rotating the service key ends every session.
 */
export interface CodecSessions {
  issue(holder: CodecSessionHolder, now?: Date): { session: string; expiresAt: Date };
  /** Who signed in and until when, or null when the session is forged, malformed or expired. */
  verify(session: string, now?: Date): { holder: CodecSessionHolder; expiresAt: Date } | null;
}

/** The service key, or the id of the supervisor key that signed in. */
export type CodecSessionHolder = { role: 'service' } | { role: 'supervisor'; keyId: string };

const PREFIX = 'cs1';
const SERVICE = 'service';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function codecSessions(serviceKey: string, ttlSeconds: number): CodecSessions {
  const secret = createHmac('sha256', serviceKey).update('baton codec sessions v1').digest();
  const sign = (payload: string) => createHmac('sha256', secret).update(payload).digest('base64url');
  return {
    issue(holder, now = new Date()) {
      const expiry = Math.floor(now.getTime() / 1000) + ttlSeconds;
      const payload = `${PREFIX}.${holder.role === 'service' ? SERVICE : holder.keyId}.${expiry}`;
      return { session: `${payload}.${sign(payload)}`, expiresAt: new Date(expiry * 1000) };
    },
    verify(session, now = new Date()) {
      const parts = session.split('.');
      if (parts.length !== 4 || parts[0] !== PREFIX) return null;
      const [, who, expiry, signature] = parts as [string, string, string, string];
      if ((who !== SERVICE && !UUID.test(who)) || !/^\d{1,12}$/.test(expiry)) return null;
      const expected = Buffer.from(sign(`${PREFIX}.${who}.${expiry}`));
      const given = Buffer.from(signature);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
      const expiresAt = new Date(Number(expiry) * 1000);
      if (expiresAt.getTime() <= now.getTime()) return null;
      return { holder: who === SERVICE ? { role: 'service' } : { role: 'supervisor', keyId: who }, expiresAt };
    },
  };
}
