import type { Client } from '@temporalio/client';
import type { Pool } from 'pg';
import type { OfferPolicy, WaitPolicy } from '../domain/conversation';
import type { Logger } from '../observability/logger';
import type { ConversationSettings } from '../workflows/definitions';
import type { CustomerTokens } from './customer-tokens';

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
  /** `npm start`'s embedded demo: the demo shop and its session endpoint are served. */
  demo?: boolean;
}
