import { createHash } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import type { Pool } from 'pg';
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import type { Logger } from '../observability/logger';
import { principalOf } from './access';
import { keyIdOf } from './audit';
import type { RateLimitSettings } from './context';
import { ApiError } from './errors';

/**
 * Requests per minute per caller, counted in Postgres (rate-limiter-flexible's store, the
 * `rate_limits` table of db/migrations/013) so every API replica shares the counts. Who is counted:
 * a customer token by its conversation (every token of it together), a supervisor's or agent's key
 * by its id, a provider's webhook by provider and sender once its secret or signature holds. The
 * service key is the shops' backends speaking for all their customers: never limited.
 *
 * A store that fails (Postgres away) lets the request through with a warning: the limit guards
 * against floods, and refusing everyone while the database hiccups would be an outage of its own.
 */
export type LimitedCaller = 'customer' | 'channel' | 'key';

const WINDOW_SECONDS = 60;
const TABLE = 'rate_limits';
/** A failing store is reported at most this often, not once per request. */
const WARN_EVERY_MS = 60_000;

export interface RateLimits {
  /** Counts one request of `who`; a 429 ApiError (with Retry-After set on `res`) once the minute's budget is spent. */
  consume(caller: LimitedCaller, who: string, res: Response): Promise<void>;
}

const PER_MINUTE: Record<LimitedCaller, keyof RateLimitSettings> = { customer: 'customerPerMinute', channel: 'channelPerMinute', key: 'keyPerMinute' };

/** Nothing is limited: the API built without settings (tests that do not ask for limits). */
const UNLIMITED: RateLimits = { consume: async () => undefined };

export function createRateLimits(db: Pool, settings: RateLimitSettings | undefined, logger: Logger): RateLimits {
  if (!settings) return UNLIMITED;
  const limiters = new Map<LimitedCaller, RateLimiterPostgres>();
  for (const caller of Object.keys(PER_MINUTE) as LimitedCaller[]) {
    const points = settings[PER_MINUTE[caller]];
    if (points <= 0) continue;
    limiters.set(
      caller,
      new RateLimiterPostgres({
        storeClient: db,
        storeType: 'pool',
        tableName: TABLE,
        tableCreated: true, // by the migration, not at run time
        keyPrefix: caller,
        points,
        duration: WINDOW_SECONDS,
        // Once over, this replica refuses the rest of the window without asking Postgres.
        inMemoryBlockOnConsumed: points + 1,
      }),
    );
  }
  let lastWarning = 0;
  let unwarned = 0;
  return {
    async consume(caller, who, res) {
      const limiter = limiters.get(caller);
      if (!limiter) return;
      try {
        await limiter.consume(who);
      } catch (outcome) {
        if (outcome instanceof RateLimiterRes) {
          const seconds = Math.max(1, Math.ceil(outcome.msBeforeNext / 1000));
          res.setHeader('Retry-After', String(seconds));
          throw new ApiError(429, 'rate_limited', `too many requests: at most ${limiter.points} a minute; retry in ${seconds} s`);
        }
        unwarned += 1;
        if (Date.now() - lastWarning >= WARN_EVERY_MS) {
          logger.warn({ err: outcome, caller, failures: unwarned }, 'rate limit store failed; requests pass unlimited meanwhile');
          lastWarning = Date.now();
          unwarned = 0;
        }
      }
    },
  };
}

/** An id as the store keeps it: never a phone number, an OpenID or an IP in the clear. */
export const hashedId = (id: string) => createHash('sha256').update(id).digest('base64url').slice(0, 32);

/** `/v1`, after authentication: customer tokens by conversation, supervisor and agent keys by key id; the service passes. */
export function limitV1(limits: RateLimits): RequestHandler {
  return (_req, res, next) => {
    const principal = principalOf(res);
    const counted =
      principal.role === 'customer'
        ? limits.consume('customer', principal.conversationId, res)
        : principal.role === 'service'
          ? Promise.resolve()
          : limits.consume('key', keyIdOf(res) ?? hashedId(`${principal.role}:${principal.agentId}`), res);
    void counted.then(() => next(), next);
  };
}

/**
 * One request of a provider's webhook, counted after its secret or signature is checked (a forged
 * request must not spend a real customer's budget): per provider and sender, or per IP when the
 * request names no sender.
 */
export function countSender(limits: RateLimits, provider: string, sender: string | null, req: Request, res: Response): Promise<void> {
  const who = sender ? `${provider}:${hashedId(sender)}` : `${provider}:ip:${hashedId(req.ip ?? 'unknown')}`;
  return limits.consume('channel', who, res);
}

/** `countSender` as a step of a webhook's route, the sender read from the request. */
export function limitSender(limits: RateLimits, provider: string, senderOf: (req: Request) => string | null): RequestHandler {
  return (req, res, next) => void countSender(limits, provider, senderOf(req), req, res).then(() => next(), next);
}
