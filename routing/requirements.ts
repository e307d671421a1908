import { readJsonFile } from '../config/json-file';
import { z } from 'zod';
import { CATEGORIES, type Classification } from '../domain/brief';
import { CHANNELS, type Channel, type Requirement } from '../domain/conversation';

/**
 * What an agent must have to take a conversation: a skill with a minimum level, chosen from the
 * handoff brief's classification, the customer's language and the channel; and how the
 * requirement relaxes while nobody fitting is free (a lower level, then a backup skill), the way
 * contact-center routing steps widen a queue's reach. The first rule that matches wins; a company
 * replaces the rules with a JSON file (BATON_ROUTING_POLICY_FILE).
 */

const skillName = z.string().trim().min(1).max(200).regex(/^[\w.:@-]+$/, 'may contain letters, digits and . _ : @ - only');
const level = z.number().int().min(1).max(5);

const relaxationStep = z
  .object({
    /** Seconds in the queue after which this step applies. */
    afterSeconds: z.number().int().min(1),
    /** The skill from then on; the current one when absent. */
    skill: skillName.optional(),
    minLevel: level,
  })
  .strict();

const rule = z
  .object({
    /** Every condition given must hold; an empty `when` matches everything. */
    when: z
      .object({
        categories: z.array(z.enum(CATEGORIES)).min(1).optional(),
        intents: z.array(z.string().min(1)).min(1).optional(),
        channels: z.array(z.enum(CHANNELS)).min(1).optional(),
        languages: z.array(z.enum(['zh', 'en'])).min(1).optional(),
        minPriority: z.number().int().min(0).max(5).optional(),
      })
      .strict()
      .default({}),
    skill: skillName,
    minLevel: level.default(1),
    relax: z.array(relaxationStep).max(10).default([]),
  })
  .strict()
  .refine((r) => r.relax.every((step, index) => index === 0 || step.afterSeconds > r.relax[index - 1]!.afterSeconds), {
    message: 'relax steps must come in increasing afterSeconds',
    path: ['relax'],
  });

export const routingPolicySchema = z
  .object({
    rules: z.array(rule).max(200),
    /** When no rule matches. */
    fallback: z.object({ skill: skillName, minLevel: level.default(1) }).strict(),
  })
  .strict();

export type RoutingPolicy = z.infer<typeof routingPolicySchema>;
export type RoutingRule = RoutingPolicy['rules'][number];

/** A conversation with no more specific classification needs this skill; every rule ends here. */
export const GENERAL_SKILL = 'general';

/**
 * The defaults: each category to the team that handles it, at a level that fits the stakes; after a
 * minute or two the level drops, and after a few minutes any general agent may take it.
 */
export const DEFAULT_ROUTING_POLICY: RoutingPolicy = routingPolicySchema.parse({
  rules: [
    {
      when: { categories: ['complaint'] },
      skill: 'complaints',
      minLevel: 3,
      relax: [
        { afterSeconds: 90, minLevel: 2 },
        { afterSeconds: 240, skill: GENERAL_SKILL, minLevel: 3 },
      ],
    },
    {
      when: { categories: ['account'] },
      skill: 'account',
      minLevel: 2,
      relax: [
        { afterSeconds: 120, minLevel: 1 },
        { afterSeconds: 300, skill: GENERAL_SKILL, minLevel: 2 },
      ],
    },
    {
      when: { categories: ['payments', 'returns_refunds'] },
      skill: 'billing',
      minLevel: 1,
      relax: [{ afterSeconds: 180, skill: GENERAL_SKILL, minLevel: 1 }],
    },
    {
      when: { categories: ['orders', 'shipping'] },
      skill: 'orders',
      minLevel: 1,
      relax: [{ afterSeconds: 180, skill: GENERAL_SKILL, minLevel: 1 }],
    },
  ],
  fallback: { skill: GENERAL_SKILL, minLevel: 1 },
});

export function loadRoutingPolicy(file?: string): RoutingPolicy {
  return file ? readJsonFile(routingPolicySchema, file, 'BATON_ROUTING_POLICY_FILE') : DEFAULT_ROUTING_POLICY;
}

export interface RoutingFacts {
  classification: Pick<Classification, 'category' | 'intent'>;
  channel: Channel;
  /** The language family (`zh`, `en`). */
  language: string;
  priority: number;
}

function matches(when: RoutingRule['when'], facts: RoutingFacts): boolean {
  return (
    (!when.categories || when.categories.includes(facts.classification.category)) &&
    (!when.intents || when.intents.includes(facts.classification.intent)) &&
    (!when.channels || when.channels.includes(facts.channel)) &&
    (!when.languages || when.languages.includes(facts.language as 'zh' | 'en')) &&
    (when.minPriority === undefined || facts.priority >= when.minPriority)
  );
}

/** The requirement for these facts: the first matching rule's, else the fallback's. Pure. */
export function requirementFor(policy: RoutingPolicy, facts: RoutingFacts): Requirement {
  const index = policy.rules.findIndex((candidate) => matches(candidate.when, facts));
  const chosen = policy.rules[index];
  return {
    skill: chosen?.skill ?? policy.fallback.skill,
    minLevel: chosen?.minLevel ?? policy.fallback.minLevel,
    priority: facts.priority,
    language: facts.language,
    relax: (chosen?.relax ?? []).map((step) => ({ afterSeconds: step.afterSeconds, skill: step.skill ?? chosen!.skill, minLevel: step.minLevel })),
    why: chosen ? `rule ${index + 1} (${describe(chosen.when)})` : 'no rule matched: the fallback',
  };
}

function describe(when: RoutingRule['when']): string {
  const parts = [
    when.categories && `category ${when.categories.join('|')}`,
    when.intents && `intent ${when.intents.join('|')}`,
    when.channels && `channel ${when.channels.join('|')}`,
    when.languages && `language ${when.languages.join('|')}`,
    when.minPriority !== undefined && `priority ≥ ${when.minPriority}`,
  ].filter(Boolean);
  return parts.length > 0 ? parts.join(', ') : 'always';
}
