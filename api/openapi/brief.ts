import { z } from 'zod';
import { CATEGORIES } from '../../domain/brief';
import { CHANNELS, LOCALES } from '../../domain/conversation';
import { message, timestamp } from './bodies';

/** The handoff brief (domain/brief.ts) as the routes answer it, and the transfers that travel with it. */

const order = z.object({
  id: z.string(),
  status: z.string(),
  amount: z.number(),
  currency: z.string(),
  items: z.array(z.object({ name: z.string(), quantity: z.number(), sku: z.string().optional() })),
  placedAt: z.string(),
});

export const transfer = z
  .object({ fromAgentId: z.string(), toAgentId: z.string().nullable(), toSkill: z.string().nullable(), note: z.string().nullable(), at: timestamp })
  .meta({ id: 'Transfer', description: 'A hand-over between agents, with its note.' });

export const brief = z
  .object({
    version: z.literal(1),
    conversationId: z.uuid(),
    channel: z.enum(CHANNELS),
    locale: z.enum(LOCALES),
    builtAt: timestamp,
    summary: z.string(),
    customer: z.object({
      id: z.string(),
      name: z.string().nullable(),
      phone: z.string().nullable(),
      email: z.string().nullable(),
      account: z.object({ tier: z.string().nullable(), since: z.string().nullable(), flags: z.array(z.string()), vip: z.boolean() }),
      recentOrders: z.array(order),
      source: z.string(),
    }),
    missing: z.array(z.string()),
    classification: z.object({
      category: z.enum(CATEGORIES),
      intent: z.string(),
      priority: z.number(),
      tags: z.array(z.string()),
      sentiment: z.object({
        overall: z.enum(['negative', 'neutral', 'positive']),
        score: z.number(),
        trend: z.enum(['worsening', 'steady', 'improving']),
        turns: z.array(z.object({ messageId: z.string(), score: z.number() })),
      }),
    }),
    escalation: z
      .object({ trigger: z.string(), messageId: z.string().nullable(), evidence: z.string().nullable(), at: timestamp, priority: z.number().optional() })
      .nullable(),
    botAttempts: z.array(z.object({ messageId: z.string(), text: z.string(), at: timestamp })),
    knowledge: z.array(z.object({ id: z.string(), title: z.string(), excerpt: z.string(), score: z.number() })),
    transcript: z.array(message),
    stats: z.object({
      messages: z.number().int(),
      customerTurns: z.number().int(),
      botTurns: z.number().int(),
      firstMessageAt: timestamp.nullable(),
      lastMessageAt: timestamp.nullable(),
    }),
    waitingRoom: z
      .array(
        z.object({
          messageId: z.string(),
          signal: z.string(),
          evidence: z.string(),
          priorityFrom: z.number(),
          priorityTo: z.number(),
          skillFrom: z.string().nullable(),
          skillTo: z.string().nullable(),
          at: timestamp,
        }),
      )
      .optional(),
  })
  .meta({ id: 'Brief', description: 'Everything an agent needs at a glance when the conversation reaches them.' });

export const briefWithTransfers = brief.extend({ transfers: z.array(transfer) }).meta({ id: 'BriefWithTransfers', description: 'The live brief (its transcript up to now) and every transfer so far.' });

export const deskConversations = z
  .object({
    agentId: z.string(),
    conversations: z.array(
      z.object({
        conversationId: z.uuid(),
        status: z.enum(['offered', 'active']),
        assignedAt: timestamp,
        offerExpiresAt: timestamp.nullable(),
        brief: brief.nullable(),
        transfers: z.array(transfer),
      }),
    ),
  })
  .meta({ id: 'DeskConversations', description: 'What an agent desktop loads: the offers to answer and the conversations held, each with its brief.' });
