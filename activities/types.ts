import type { Pool } from 'pg';
import type { ChannelSender } from '../channels/delivery';
import type { CustomerDataProvider } from '../customers/provider';
import type { BotEngine } from '../bot/engine';
import type { TriggerPolicy } from '../bot/policy';
import type { PromptTemplates } from '../i18n/prompts';
import type { Channel, Locale } from '../domain/conversation';
import type { AssignmentNotifier } from '../routing/offer-waiting';
import type { RoutingPolicy } from '../routing/requirements';
import type { ActivityLogger } from './log';

export interface ActivityDependencies {
  db: Pool;
  /** Tells a conversation's workflow that the database gave it an agent (a Temporal signal in production). */
  notifyAssignment: AssignmentNotifier;
  /** Tells a queued conversation its place in line changed (someone overtook it); none means nobody is told. */
  notifyQueueReordered?: (conversationId: string) => Promise<void>;
  /** Where customer records come from: Baton's tables by default, or the company's CRM. */
  customerData: CustomerDataProvider;
  clock?: () => Date;
  /** What Baton says to customers; the built-in templates unless a company overrides them. */
  prompts?: Record<Locale, PromptTemplates>;
  /** The bot: Baton's knowledge-base bot unless a company plugs in its own. */
  bot?: BotEngine;
  /** When the bot lets go; the documented defaults unless a company changes them. */
  triggerPolicy?: TriggerPolicy;
  /** Which skill and level each conversation needs, and how that relaxes; the defaults unless changed. */
  routingPolicy?: RoutingPolicy;
  /** The channels Baton delivers to by calling their provider (Telegram, WeChat), as configured. */
  channelSenders?: Partial<Record<Channel, ChannelSender>>;
  /** Tells a conversation's delivery that its outbox has something new; none means nothing is delivered. */
  notifyOutbox?: (conversationId: string) => Promise<void>;
  /** Where activities log what they recover from by design; the running activity's Temporal logger unless given. */
  logger?: ActivityLogger;
}
