import { timingSafeEqual } from 'node:crypto';
import path from 'node:path';
import express, { Router, type Request, type RequestHandler, type Response } from 'express';
import { z } from 'zod';
import { activeApiKey, principalForKeyId, type Principal } from '../db/api-keys';
import type { Queryable } from '../db/queryable';
import { packageRoot } from '../config/package-root';
import { requireRole } from './access';
import { codecSessions, type CodecSessionHolder } from './codec-sessions';
import { isCustomerToken, type CustomerTokens } from './customer-tokens';
import { ApiError, parseOrThrow } from './errors';
import { refuseInvalidUtf8 } from './hostile-input';

/**
 * The Temporal UI cannot send a Baton key, only the browser's cookies. So an operator signs in once
 * at `/codec/sign-in` with the service key or a supervisor's, and gets an HttpOnly, SameSite=Lax
 * cookie for `/codec` alone; `/codec/decode` and `/codec/encode` then take that cookie or a Bearer key.
 */
export interface CodecAccess {
  /** Resolves a Bearer credential to a principal (api/app.ts). */
  authenticate: RequestHandler;
  db: Queryable;
  serviceKey: string;
  customerTokens: CustomerTokens;
  /** How long a sign-in lasts: 8 hours, an operator's shift. */
  sessionSeconds?: number;
}

export const CODEC_SESSION_COOKIE = 'baton_codec_session';
const SESSION_SECONDS = 8 * 60 * 60;
/** Our own scripts only, as the other screens (api/screens.ts). */
const PAGE_POLICY = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'";

export const signInBody = z.object({
  key: z.string().trim().min(1, 'required').max(512, 'too long').regex(/^[\x21-\x7e]+$/, 'not a key'),
});

const refused = () => new ApiError(401, 'unauthorized', 'a valid `Authorization: Bearer <key>` header or a codec sign-in (/codec/sign-in) is required');

function cookieOf(req: Request): string | null {
  for (const pair of (req.get('Cookie') ?? '').split(';')) {
    const at = pair.indexOf('=');
    if (at > 0 && pair.slice(0, at).trim() === CODEC_SESSION_COOKIE) return pair.slice(at + 1).trim();
  }
  return null;
}

/** `Secure` when the browser reached us over HTTPS, directly or through a proxy saying so (it can only make the cookie stricter). */
const overHttps = (req: Request) => req.secure || req.get('X-Forwarded-Proto')?.split(',')[0]?.trim() === 'https';
const cookieOptions = (req: Request) => ({ httpOnly: true, sameSite: 'lax' as const, path: '/codec', secure: overHttps(req) });

export function codecAccess({ authenticate, db, serviceKey, customerTokens, sessionSeconds = SESSION_SECONDS }: CodecAccess, allowedOrigins: readonly string[]) {
  const sessions = codecSessions(serviceKey, sessionSeconds);
  const expected = Buffer.from(serviceKey);
  const allowed = new Set(allowedOrigins);

  /** Who a pasted key belongs to, if it is an operator's; a 401 for no key, a 403 for an agent's or a customer's. */
  async function operatorOf(key: string): Promise<CodecSessionHolder> {
    const given = Buffer.from(key);
    if (given.length === expected.length && timingSafeEqual(given, expected)) return { role: 'service' };
    if (isCustomerToken(key) && customerTokens.verify(key)) throw new ApiError(403, 'forbidden', 'a customer token may not read the history');
    const holder = await activeApiKey(db, key);
    if (!holder) throw refused();
    if (holder.role !== 'supervisor') throw new ApiError(403, 'forbidden', `a ${holder.role} key may not read the history`);
    return { role: 'supervisor', keyId: holder.id };
  }

  /** The session's holder as a principal, its key asked again, so a revoked key ends its sessions. */
  async function principalOfSession(value: string): Promise<Principal | null> {
    const verified = sessions.verify(value);
    if (!verified) return null;
    if (verified.holder.role === 'service') return { role: 'service', agentId: null };
    const principal = await principalForKeyId(db, verified.holder.keyId);
    return principal?.role === 'supervisor' ? principal : null;
  }

  /** For decode and encode: a Bearer key of the service or a supervisor, or a session cookie sent from the Temporal UI. */
  const operatorsOnly: RequestHandler = async (req, res, next) => {
    if (req.get('Authorization') === undefined) {
      const session = cookieOf(req);
      if (session === null) {
        res.setHeader('WWW-Authenticate', 'Bearer realm="baton"');
        throw refused();
      }
      const origin = req.get('Origin');
      if (origin !== undefined && !allowed.has(origin)) throw new ApiError(403, 'forbidden', "a codec sign-in is honoured only from the Temporal UI's origins");
      const principal = await principalOfSession(session);
      if (!principal) {
        res.clearCookie(CODEC_SESSION_COOKIE, cookieOptions(req));
        throw new ApiError(401, 'unauthorized', 'the codec sign-in has expired or its key was revoked: sign in again at /codec/sign-in');
      }
      res.locals.principal = principal;
      return next();
    }
    authenticate(req, res, (error?: unknown) => {
      if (error) return next(error);
      try {
        requireRole(res, 'service', 'supervisor');
        next();
      } catch (refusal) {
        next(refusal);
      }
    });
  };

  const web = path.join(packageRoot(), 'web');
  const file = (name: string): RequestHandler => (_req, res, next) => {
    res.setHeader('Content-Security-Policy', PAGE_POLICY);
    res.sendFile(path.join(web, name), (error) => error && next(res.headersSent ? error : new ApiError(404, 'route_not_found', 'no such file')));
  };
  const describe = (res: Response, holder: CodecSessionHolder, expiresAt: Date) => {
    res.setHeader('Cache-Control', 'no-store');
    res.json({ role: holder.role, expiresAt: expiresAt.toISOString() });
  };

  /** The sign-in page and its session: same-origin only, no CORS. */
  const signIn = Router();
  signIn.get('/sign-in', file('codec-sign-in.html'));
  signIn.get('/sign-in.js', file('codec-sign-in.js'));
  signIn.get('/session', async (req, res) => {
    const session = cookieOf(req);
    const verified = session === null ? null : sessions.verify(session);
    if (!verified || !(await principalOfSession(session!))) throw refused();
    describe(res, verified.holder, verified.expiresAt);
  });
  signIn.post('/session', express.json({ limit: '4kb', verify: refuseInvalidUtf8 }), async (req, res) => {
    const { key } = parseOrThrow(signInBody, req.body, 'body');
    const holder = await operatorOf(key);
    const { session, expiresAt } = sessions.issue(holder);
    res.cookie(CODEC_SESSION_COOKIE, session, { ...cookieOptions(req), maxAge: sessionSeconds * 1000 });
    describe(res, holder, expiresAt);
  });
  signIn.post('/sign-out', (req, res) => {
    res.clearCookie(CODEC_SESSION_COOKIE, cookieOptions(req));
    res.status(204).end();
  });

  return { operatorsOnly, signIn };
}
