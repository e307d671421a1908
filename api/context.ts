import type { Client } from '@temporalio/client';
import type { Pool } from 'pg';
import type { OfferPolicy, WaitPolicy } from '../domain/conversation';
import type { Logger } from '../observability/logger';
import type { ConversationSettings } from '../workflows/definitions';

export interface ApiContext {
  db: Pool;
  temporal: Client;
  taskQueue: string;
  settings: ConversationSettings;
  waitPolicy: WaitPolicy;
  offerPolicy: OfferPolicy;
  apiKey: string;
  logger: Logger;
}
