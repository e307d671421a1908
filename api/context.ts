import type { Client } from '@temporalio/client';
import type { Pool } from 'pg';
import type { OfferPolicy, WaitPolicy } from '../domain/conversation';
import type { Logger } from '../observability/logger';
import type { ConversationSettings } from '../workflows/definitions';
import type { CodecEndpointSettings } from './codec';
import type { CustomerTokens } from './customer-tokens';
import type { Wakeups } from './wakeups';

export interface ChannelSettings {
  /** The URL providers reach the API at: what Twilio signs, and where the voice documents point. */
  publicUrl: string;
  telegram?: { webhookSecret: string; botToken: string; apiBase: string };
  wechat?: { token: string; appId: string | null; aesKey: string | null };
  voice?: { authToken: string };
}

/** Requests per minute (api/rate-limits.ts); 0 turns that limit off. */
export interface RateLimitSettings {
  /** One customer token's conversation, on `/v1` (the widget). */
  customerPerMinute: number;
  /** One sender of one provider, on `/channels`. */
  channelPerMinute: number;
  /** One supervisor or agent key, by its id, on `/v1`; the service key is never limited. */
  keyPerMinute: number;
}

/** A channel's settings, once it is on. */
export type ChannelSettingsOf<K extends 'telegram' | 'wechat' | 'voice'> = NonNullable<ChannelSettings[K]>;

export interface ApiContext {
  db: Pool;
  temporal: Client;
  taskQueue: string;
  settings: ConversationSettings;
  waitPolicy: WaitPolicy;
  offerPolicy: OfferPolicy;
  apiKey: string;
  /** Credentials for customers' browsers, one conversation each. */
  customerTokens: CustomerTokens;
  logger: Logger;
  /** Tells a conversation's delivery that its outbox has something new (an agent's message). */
  notifyOutbox: (conversationId: string) => Promise<void>;
  /** The channels whose providers call Baton, as configured; a channel left out answers 404. */
  channels: ChannelSettings;
  /** Wakes the live streams when the database changes what they show; without it they only poll. */
  wakeups?: Wakeups;
  /** `npm start`'s embedded demo: the demo shop and its session endpoint are served. */
  demo?: boolean;
  /** The Temporal UI's codec endpoint (`/codec`, api/codec.ts); without it, not served. */
  codecEndpoint?: CodecEndpointSettings;
  /**
   * How long a request's Temporal calls may take in all (default 10 s); with Temporal down, the
   * request is a 503 with Retry-After by then instead of waiting out the client's retries.
   */
  temporalBudgetMs?: number;
  /** The rate limits, counted in Postgres so replicas share them; without them, nothing is limited. */
  rateLimits?: RateLimitSettings;
  /** The browser origins allowed to call `/v1` cross-origin; without any, same-origin only. */
  corsOrigins?: readonly string[];
}
