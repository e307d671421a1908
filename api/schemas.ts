import { z } from 'zod';
import { CHANNELS, LEAVE_QUEUE_CHOICES, LOCALES, PUBLIC_STATES } from '../domain/conversation';
import { AGENT_STATUSES } from '../db/agents';

/** Request schemas; handlers get their types from `parseOrThrow`. */

const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);
const identifier = z.string().trim().min(1, 'must not be empty').max(200).regex(/^[\w.:@-]+$/, 'may contain letters, digits and . _ : @ - only');

export const conversationIdParam = z.string().uuid();

const phoneNumber = z.string().trim().regex(/^\+?[\d\s().-]{3,40}$/, 'must be a phone number');

export const createConversationBody = z.object({
  customer: z.object({
    id: identifier,
    name: text(200).optional(),
    phone: phoneNumber.optional(),
    email: z.string().trim().email().max(320).optional(),
    locale: z.enum(LOCALES).optional(),
  }),
  channel: z.enum(CHANNELS),
  metadata: z.record(z.string(), z.unknown()).optional(),
});

/** Long enough for any real message (a 10,000-character paste included); longer is refused. */
export const MAX_MESSAGE_LENGTH = 20_000;

export const customerMessageBody = z.object({ text: text(MAX_MESSAGE_LENGTH) });

export const agentMessageBody = z.object({ agentId: identifier, text: text(MAX_MESSAGE_LENGTH) });

export const handoffBody = z
  .object({
    reason: text(500).optional(),
    /** `menu`: the customer chose 转人工服务; `service`: a backend decided. */
    source: z.enum(['menu', 'service']).default('menu'),
  })
  .default({ source: 'menu' });

export const leaveQueueBody = z.object({
  choice: z.enum(LEAVE_QUEUE_CHOICES),
  /** For a callback: where to call, if not the phone number on record. */
  callbackNumber: phoneNumber.optional(),
  /** For a message: what the customer wants the agent to know. */
  message: text(MAX_MESSAGE_LENGTH).optional(),
});

/** An agent key names its agent; a supervisor key may (a supervisor who also takes conversations). */
export const keyBody = z.object({ role: z.enum(['supervisor', 'agent']), agentId: identifier.optional() });

export const takeoverBody = z.object({ agentId: identifier });

export const resolveBody = z.object({ agentId: identifier.optional() }).default({});

/** Accept or decline an offer: an agent key answers as itself; others name the agent. */
export const offerAnswerBody = z.object({ agentId: identifier.optional() }).default({});

/** To a named agent, or back to the queue for a skill (with a minimum level); a note for whoever takes it. */
export const transferBody = z
  .object({
    agentId: identifier.optional(),
    toAgentId: identifier.optional(),
    skill: identifier.optional(),
    minLevel: z.number().int().min(1).max(5).default(1),
    note: text(2000).optional(),
  })
  .superRefine((body, ctx) => {
    if ((body.toAgentId === undefined) === (body.skill === undefined)) {
      ctx.addIssue({ code: 'custom', path: [body.toAgentId === undefined ? 'toAgentId' : 'skill'], message: 'give exactly one of toAgentId and skill' });
    }
  });

export const conversationListQuery = z.object({
  state: z.enum(PUBLIC_STATES),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const feedbackBody = z.object({ helpful: z.boolean() });

export const briefQuery = z.object({ locale: z.enum(LOCALES).optional() });

export const idempotencyKeyHeader = z.string().trim().min(1).max(255).optional();

const LANGUAGE_FAMILY: Record<string, string> = { zh: 'zh', 'zh-CN': 'zh', 'zh-TW': 'zh', en: 'en' };

export const agentBody = z.object({
  id: identifier,
  name: text(200),
  skills: z
    .array(z.object({ name: identifier, level: z.number().int().min(1).max(5) }))
    .min(1, 'an agent needs at least one skill')
    .max(50)
    .refine((skills) => new Set(skills.map((skill) => skill.name)).size === skills.length, 'skill names must be unique'),
  capacity: z.number().int().min(1).max(100),
  languages: z
    .array(z.enum(['zh', 'zh-CN', 'zh-TW', 'en']))
    .max(10)
    .transform((languages) => [...new Set(languages.map((language) => LANGUAGE_FAMILY[language] ?? language))])
    .default([]),
  channels: z.array(z.enum(CHANNELS)).max(CHANNELS.length).default([]),
  status: z.enum(AGENT_STATUSES).optional(),
  /** Take offered conversations without answering each one (kept as it was when absent). */
  autoAccept: z.boolean().optional(),
  /** Whose canned replies the agent uses (kept as it was when absent; `support` for a new agent). */
  team: identifier.optional(),
});

export const agentStatusBody = z.object({ status: z.enum(AGENT_STATUSES) });

export const knowledgeQuery = z.object({
  q: z.string().trim().max(500, 'must be at most 500 characters').default(''),
  locale: z.enum(LOCALES).default('zh-CN'),
  limit: z.coerce.number().int().min(1).max(50).default(10),
});

export const knowledgeArticleParam = identifier;

export const cannedReplyIdParam = z.string().uuid();
export const keyIdParam = z.string().uuid();
export const webhookIdParam = z.string().uuid();

export const noteBody = z.object({ text: text(5000) });

const team = identifier;

export const cannedReplyBody = z.object({
  team,
  shortcut: z.string().trim().min(1, 'must not be empty').max(40).regex(/^[\p{L}\p{N}_-]+$/u, 'may contain letters, digits, _ and - only'),
  title: text(200),
  text: text(5000),
  locale: z.enum(LOCALES).nullable().default(null),
});

export const cannedReplyQuery = z.object({
  q: z.string().trim().max(200, 'must be at most 200 characters').default(''),
  team: team.optional(),
});

/** What a company's webhook may subscribe to: the outbox's event types. */
export const WEBHOOK_EVENT_TYPES = ['message.created', 'conversation.state_changed', 'agent.assigned', 'conversation.resolved'] as const;

export const webhookBody = z.object({
  url: z
    .string()
    .trim()
    .max(2000)
    .url('must be an http(s) URL')
    .refine((value) => /^https?:\/\//i.test(value), 'must be an http(s) URL'),
  /** The company's own secret to sign with; Baton makes one when it is left out. */
  secret: z.string().min(16, 'must be at least 16 characters').max(200).optional(),
  eventTypes: z.array(z.enum(WEBHOOK_EVENT_TYPES)).min(1).max(WEBHOOK_EVENT_TYPES.length).optional(),
  channels: z.array(z.enum(CHANNELS)).min(1).max(CHANNELS.length).optional(),
  description: text(500).optional(),
});
