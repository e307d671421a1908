import { CustomerDataUnavailable, MalformedCustomerData } from './errors';
import type { CustomerProfile } from '../domain/customer';
import { customerProfileSchema } from './profile';
import type { CustomerDataProvider } from './provider';

export interface HttpCustomerProviderOptions {
  /** `GET {baseUrl}/customers/{id}` answers a profile as JSON, or 404. */
  baseUrl: string;
  timeoutMs: number;
  cacheSeconds: number;
  token?: string;
  now?: () => number;
}

/**
 * The company's CRM over HTTP. One attempt per call with a timeout; the activity's retry policy
 * retries what is worth retrying. Answers (a profile or "no such customer") are kept for
 * `cacheSeconds`, so a burst of handoffs for one customer asks the CRM once.
 */
export function createHttpCustomerProvider(options: HttpCustomerProviderOptions): CustomerDataProvider {
  const { baseUrl, timeoutMs, cacheSeconds, token, now = Date.now } = options;
  const cache = new Map<string, { expiresAt: number; profile: CustomerProfile | null }>();
  const remember = (customerId: string, profile: CustomerProfile | null) => {
    if (cacheSeconds > 0) cache.set(customerId, { expiresAt: now() + cacheSeconds * 1000, profile });
    return profile;
  };

  const cached = (customerId: string) => {
    const entry = cache.get(customerId);
    return entry && entry.expiresAt > now() ? entry : undefined;
  };

  return {
    source: 'crm',
    /** What the CRM answered within `cacheSeconds`; never asks it. */
    async profileAtHand(customerId) {
      return cached(customerId)?.profile;
    },
    async fetchProfile(customerId) {
      const hit = cached(customerId);
      if (hit) return hit.profile;
      cache.delete(customerId);

      // One deadline for the answer and its body, on a timer of our own: a signal from
      // AbortSignal.timeout() was seen to fire only when the slow answer came, under load.
      const deadline = new AbortController();
      const timer = setTimeout(() => deadline.abort(), timeoutMs);
      const late = () => new CustomerDataUnavailable(`CRM did not answer within ${timeoutMs} ms`);
      let response: Response;
      let body: unknown;
      try {
        try {
          response = await fetch(`${baseUrl.replace(/\/$/, '')}/customers/${encodeURIComponent(customerId)}`, {
            headers: { Accept: 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
            signal: deadline.signal,
          });
        } catch (error) {
          if (deadline.signal.aborted) throw late();
          // fetch rejects with a DOMException or a TypeError, which need not be an `Error` of this realm.
          const { message } = error as { message?: string };
          throw new CustomerDataUnavailable(`CRM unreachable (${message ?? String(error)})`);
        }
        if (response.status === 404) return remember(customerId, null);
        if (!response.ok) throw new CustomerDataUnavailable(`CRM answered HTTP ${response.status}`);
        try {
          body = await response.json();
        } catch {
          if (deadline.signal.aborted) throw late();
          throw new MalformedCustomerData('CRM answered with a body that is not JSON');
        }
      } finally {
        clearTimeout(timer);
      }
      const parsed = customerProfileSchema.safeParse(body);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const field = issue?.path.map(String).join('.') || 'body';
        throw new MalformedCustomerData(`CRM answered with malformed data at ${field}: ${issue?.message ?? 'invalid'}`);
      }
      if (parsed.data.id !== customerId) {
        throw new MalformedCustomerData(`CRM answered with the record of another customer`);
      }
      return remember(customerId, parsed.data);
    },
  };
}
