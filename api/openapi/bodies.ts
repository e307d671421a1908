import { z } from 'zod';
import { AGENT_STATUSES } from '../../db/agents';
import { CHANNELS, ESCALATION_TRIGGERS, LEAVE_QUEUE_CHOICES, LOCALES, MESSAGE_SENDERS, OUTCOMES, PUBLIC_STATES } from '../../domain/conversation';
import { AUDIT_ACTIONS } from '../audit';
import { WEBHOOK_EVENT_TYPES } from '../schemas';

/**
 * What the routes answer, as zod schemas: the document's response bodies, and what
 * test/api/openapi.test.ts checks real answers against. Objects are strict (z.object renders
 * `additionalProperties: false` for responses), so a field the document does not name is a failure.
 */

/** RFC 3339: `toISOString()` writes `Z`, Postgres's own JSON an offset. */
export const timestamp = z.iso.datetime({ offset: true });
const uuid = z.uuid();

export const state = z.enum(PUBLIC_STATES).meta({ id: 'State', description: 'Where the conversation is in its life.' });
const channel = z.enum(CHANNELS).meta({ id: 'Channel' });
const locale = z.enum(LOCALES).meta({ id: 'Locale' });

export const quickReply = z
  .object({
    action: z.enum(['handoff', 'message', 'leave_queue', 'keep_waiting']),
    label: z.string(),
    text: z.string().optional(),
    choice: z.enum(LEAVE_QUEUE_CHOICES).optional(),
  })
  .meta({ id: 'QuickReply', description: 'A button offered with a message; choosing it calls the route its action names.' });

export const message = z
  .object({
    id: uuid,
    from: z.enum(MESSAGE_SENDERS),
    text: z.string(),
    at: timestamp,
    agentId: z.string().nullable().optional(),
    agentName: z.string().optional(),
    quickReplies: z.array(quickReply).nullable().optional(),
    delivery: z.object({ status: z.enum(['pending', 'sent', 'failed']), reason: z.string().nullable() }).optional(),
  })
  .meta({ id: 'Message', description: 'One message of the transcript; `delivery` on channels Baton delivers to (Telegram, WeChat).' });

export const reply = z
  .object({ state, replies: z.array(message) })
  .meta({ id: 'Reply', description: 'The state the conversation is in now, and what Baton said because of the request.' });

export const messageReply = z
  .object({ messageId: uuid, state, replies: z.array(message) })
  .meta({ id: 'MessageReply', description: 'The stored message, the state now, and the replies it caused.' });

const escalation = z
  .object({
    trigger: z.enum(ESCALATION_TRIGGERS),
    messageId: z.string().nullable(),
    evidence: z.string().nullable(),
    at: timestamp,
    priority: z.number().optional(),
  })
  .meta({ id: 'Escalation', description: 'Why the conversation left the bot.' });

const queueStanding = z
  .object({ position: z.number().int().min(1), estimatedWaitSeconds: z.number().nullable() })
  .meta({ id: 'QueueStanding', description: 'The place in line, live; no estimate while nobody who could take it is available.' });

const assignmentReason = z.object({
  how: z.enum(['best_score', 'took_from_queue', 'stepped_in', 'transferred']),
  skill: z.string(),
  requirement: z.string().optional(),
  from: z.string().optional(),
  score: z.number().optional(),
  freeCapacityShare: z.number().optional(),
  skillLevel: z.number().optional(),
  idleSeconds: z.number().optional(),
});

const assignment = z
  .object({
    agentId: z.string(),
    status: z.enum(['offered', 'active']),
    assignedAt: timestamp,
    acceptedAt: timestamp.nullable(),
    offerExpiresAt: timestamp.nullable(),
    reason: assignmentReason.nullable(),
  })
  .meta({ id: 'Assignment', description: 'Who holds or is offered the conversation, and why that agent.' });

const conversationFields = {
  id: uuid,
  state,
  channel,
  locale: locale.nullable(),
  metadata: z.record(z.string(), z.unknown()),
  escalation: escalation.nullable(),
  agentId: z.string().nullable(),
  outcome: z.enum(OUTCOMES).nullable(),
  callbackNumber: z.string().nullable(),
  customer: z.object({ id: z.string(), name: z.string().nullable(), phone: z.string().nullable(), email: z.string().nullable(), locale: locale.nullable() }),
  createdAt: timestamp,
  updatedAt: timestamp,
  queuedAt: timestamp.nullable(),
  assignedAt: timestamp.nullable(),
  resolvedAt: timestamp.nullable(),
  queue: queueStanding.nullable(),
  assignment: assignment.nullable(),
};

export const conversation = z.object(conversationFields).meta({ id: 'Conversation', description: 'A conversation as services, supervisors and agents read it.' });

/** What a customer's own token reads: no metadata, evidence or routing reasons. */
export const conversationForCustomer = z
  .object({
    id: uuid,
    state,
    channel,
    locale: locale.nullable(),
    outcome: z.enum(OUTCOMES).nullable(),
    createdAt: timestamp,
    updatedAt: timestamp,
    queuedAt: timestamp.nullable(),
    assignedAt: timestamp.nullable(),
    resolvedAt: timestamp.nullable(),
    queue: queueStanding.nullable(),
    agentId: z.string().nullable(),
    assignment: z.object({ status: z.enum(['offered', 'active']), assignedAt: timestamp, acceptedAt: timestamp.nullable() }).nullable(),
    agent: z.object({ id: z.string(), name: z.string() }).nullable(),
  })
  .meta({ id: 'ConversationForCustomer', description: "A conversation as the customer's own token reads it." });

const risk = z.object({
  score: z.number().min(0).max(1),
  level: z.enum(['low', 'medium', 'high']),
  reasons: z.array(z.string()),
  factors: z.array(z.object({ code: z.enum(['negative_mood', 'anger', 'dissatisfied_replies', 'fallbacks_in_a_row', 'long_conversation']), value: z.number() })),
});

const triage = z.object({ category: z.string().nullable(), priority: z.number().nullable(), skill: z.string().nullable(), summary: z.string().nullable() });

export const conversationList = z
  .object({
    conversations: z.array(
      z.union([z.object({ ...conversationFields, risk }), z.object({ ...conversationFields, triage: triage.nullable() })]),
    ),
  })
  .meta({ id: 'ConversationList', description: 'Conversations in one state: bot ones with their `risk`, the others with their `triage`.' });

export const transcript = z.object({ conversationId: uuid, messages: z.array(message) }).meta({ id: 'Transcript' });

export const customerToken = z.object({ conversationId: uuid, token: z.string(), expiresAt: timestamp }).meta({ id: 'CustomerToken' });

export const note = z
  .object({ id: z.string().regex(/^\d+$/).meta({ description: 'A bigserial, as a string.' }), conversationId: uuid, agentId: z.string().nullable(), authorRole: z.enum(['agent', 'supervisor', 'service']), text: z.string(), at: timestamp })
  .meta({ id: 'Note', description: 'A private note beside a conversation; never shown to the customer.' });

export const notes = z.object({ conversationId: uuid, notes: z.array(note) }).meta({ id: 'Notes' });

const agentFields = {
  id: z.string(),
  name: z.string(),
  skills: z.array(z.object({ name: z.string(), level: z.number().int() })),
  capacity: z.number().int(),
  load: z.number().int().min(0),
  status: z.enum(AGENT_STATUSES),
  languages: z.array(z.string()),
  channels: z.array(channel),
  statusChangedAt: timestamp,
  autoAccept: z.boolean(),
  team: z.string(),
  missedOffers: z.number().int().min(0),
};

export const agent = z.object(agentFields).meta({ id: 'Agent', description: '`load` counts open offers too: their slots are held.' });

export const savedAgent = z
  .object({ ...agentFields, assigned: z.array(uuid), passed: z.array(uuid).optional() })
  .meta({ id: 'SavedAgent', description: 'The agent, with the conversations going available assigned (`assigned`) and the offers going away passed on (`passed`).' });

export const agents = z.object({ agents: z.array(agent) }).meta({ id: 'Agents' });

export const whoAmI = z
  .object({ role: z.enum(['service', 'supervisor', 'agent', 'customer']), agentId: z.string().nullable(), agent: agent.nullable(), conversationId: uuid.optional() })
  .meta({ id: 'WhoAmI' });

export const issuedKey = z
  .object({ id: uuid, key: z.string(), role: z.enum(['supervisor', 'agent']), agentId: z.string().nullable() })
  .meta({ id: 'IssuedKey', description: 'The key is shown only here; Baton keeps its SHA-256 hash.' });

export const cannedReply = z
  .object({ id: uuid, team: z.string(), shortcut: z.string(), title: z.string(), text: z.string(), locale: locale.nullable() })
  .meta({ id: 'CannedReply' });

export const cannedReplies = z.object({ replies: z.array(cannedReply) }).meta({ id: 'CannedReplies' });

export const knowledgeHits = z
  .object({ articles: z.array(z.object({ id: z.string(), locale, title: z.string(), excerpt: z.string(), tags: z.array(z.string()), score: z.number() })) })
  .meta({ id: 'KnowledgeHits' });

export const knowledgeArticle = z
  .object({ id: z.string(), locale, title: z.string(), body: z.string(), tags: z.array(z.string()) })
  .meta({ id: 'KnowledgeArticle' });

const webhookFields = {
  id: uuid,
  url: z.string(),
  eventTypes: z.array(z.enum(WEBHOOK_EVENT_TYPES)).nullable(),
  channels: z.array(channel).nullable(),
  description: z.string().nullable(),
  createdAt: timestamp,
};

export const webhook = z.object(webhookFields).meta({ id: 'Webhook' });
export const createdWebhook = z.object({ ...webhookFields, secret: z.string() }).meta({ id: 'CreatedWebhook', description: 'The secret is shown only here.' });
export const webhooks = z.object({ webhooks: z.array(webhook) }).meta({ id: 'Webhooks' });

export const health = z
  .object({ status: z.enum(['ok', 'degraded']), database: z.enum(['ok', 'unavailable']), temporal: z.enum(['ok', 'unavailable']) })
  .meta({ id: 'Health' });

export const demoSession = z
  .object({ conversationId: uuid, token: z.string(), expiresAt: timestamp, resumed: z.boolean() })
  .meta({ id: 'DemoSession' });

export const auditEntry = z
  .object({
    id: z.string(),
    at: timestamp,
    actor: z.object({ role: z.enum(['service', 'supervisor', 'agent']), agentId: z.string().nullable(), keyId: uuid.nullable() }),
    action: z.enum(AUDIT_ACTIONS),
    conversationId: uuid.nullable(),
    target: z.string().nullable().meta({ description: "The agent or key acted on: a takeover's agent, a transfer's colleague, a key's id." }),
    detail: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).meta({ description: 'Ids, roles, states and skills only: never what a customer or an agent wrote.' }),
    requestId: z.string().nullable(),
  })
  .meta({ id: 'AuditEntry', description: 'Who (a role, an agent id, a key id — never the key) did what, to which conversation or target, when.' });

export const auditLog = z
  .object({ entries: z.array(auditEntry), next: z.string().nullable().meta({ description: 'Pass as `before` for the next (older) page; null on the last.' }) })
  .meta({ id: 'AuditLog' });

export const telegramAnswer = z
  .object({ ok: z.literal(true), conversationId: uuid.optional(), duplicate: z.boolean().optional(), ignored: z.string().optional() })
  .meta({ id: 'TelegramAnswer' });
