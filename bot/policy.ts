import { readJsonFile } from '../config/json-file';
import { z } from 'zod';
import { QUESTION_TYPES } from './signals/question-type';

/**
 * When the bot lets go: every trigger in one policy, each with its thresholds and a switch.
 * A company writes only what it changes, as JSON (BATON_TRIGGER_POLICY_FILE); the rest is default.
 */
const mode = z.enum(['offer', 'direct']);
const skillName = z.string().trim().min(1).max(200).regex(/^[\w.:@-]+$/, 'may contain letters, digits and . _ : @ - only');

/** The defaults: threats of the law and money at risk go first, anger and VIPs next. */
const WAITING_ROOM_PRIORITIES = { legal_threat: 5, fraud: 5, account_security: 5, refund_dispute: 3, business_dispute: 3, complaint: 3, anger: 4, vip: 4 };
/** Who should take them: complaints handle legal threats, the account team fraud and security. */
const WAITING_ROOM_SKILLS = { legal_threat: 'complaints', fraud: 'account', account_security: 'account' };

export const triggerPolicySchema = z
  .object({
    /** A customer asking for a person. Explicit requests hand over at once by default; soft ones are offered. */
    humanRequest: z
      .object({
        enabled: z.boolean().default(true),
        explicitMode: mode.default('direct'),
        softMode: z.enum(['offer', 'direct', 'ignore']).default('offer'),
        /** The company's own keywords, matched after normalisation (NFKC, width, case, traditional → simplified). */
        keywordSets: z
          .array(z.object({ language: z.enum(['zh', 'en']), mode, keywords: z.array(z.string().min(1)).min(1) }))
          .default([]),
      })
      .default({ enabled: true, explicitMode: 'direct', softMode: 'offer', keywordSets: [] }),
    /** "没用", "答非所问", "not helpful", or a thumbs-down, this many times in a row. */
    repeatedDissatisfaction: z.object({ enabled: z.boolean().default(true), consecutive: z.number().int().min(1).default(2) }).default({ enabled: true, consecutive: 2 }),
    /** Strong anger hands over at once; so does a mood that worsens over the last turns. */
    negativeEmotion: z
      .object({
        enabled: z.boolean().default(true),
        angerAtOnce: z.number().min(0).max(1).default(0.7),
        worseningTurns: z.number().int().min(2).default(3),
      })
      .default({ enabled: true, angerAtOnce: 0.7, worseningTurns: 3 }),
    /** The customer has said this much and nothing is resolved. */
    turnsWithoutResolution: z.object({ enabled: z.boolean().default(true), maxTurns: z.number().int().min(1).default(8) }).default({ enabled: true, maxTurns: 8 }),
    /** The bot did not understand this many times in a row. */
    botFallbacks: z.object({ enabled: z.boolean().default(true), inARow: z.number().int().min(1).default(2) }).default({ enabled: true, inARow: 2 }),
    /** Problems a bot should not try to settle hand over at once, with this priority at least. */
    questionType: z
      .object({ enabled: z.boolean().default(true), types: z.array(z.enum(QUESTION_TYPES)).default([...QUESTION_TYPES]), priority: z.number().int().min(0).max(5).default(3) })
      .default({ enabled: true, types: [...QUESTION_TYPES], priority: 3 }),
    /** VIP customers escalate sooner: every count threshold is multiplied by this (and rounded up). */
    vip: z.object({ enabled: z.boolean().default(true), thresholdFactor: z.number().gt(0).max(1).default(0.5) }).default({ enabled: true, thresholdFactor: 0.5 }),
    /** Below this retrieval confidence the bot says it did not understand and offers choices. */
    answerConfidence: z.number().min(0).max(1).default(0.45),
    /**
     * What the customer says while waiting for a person is read again: a legal threat, a fraud or
     * account-security report, strong anger or a VIP claim raises the priority to at least this,
     * and a type of problem may send it to another skill before an agent is chosen.
     */
    waitingRoom: z
      .object({
        enabled: z.boolean().default(true),
        priorities: z.partialRecord(z.enum([...QUESTION_TYPES, 'anger', 'vip']), z.number().int().min(0).max(5)).default(WAITING_ROOM_PRIORITIES),
        skills: z.partialRecord(z.enum(QUESTION_TYPES), skillName).default(WAITING_ROOM_SKILLS),
        angerAtOnce: z.number().min(0).max(1).default(0.7),
      })
      .strict()
      .default({ enabled: true, priorities: WAITING_ROOM_PRIORITIES, skills: WAITING_ROOM_SKILLS, angerAtOnce: 0.7 }),
  })
  .strict();

export type TriggerPolicy = z.infer<typeof triggerPolicySchema>;

export const DEFAULT_TRIGGER_POLICY: TriggerPolicy = triggerPolicySchema.parse({});

export function loadTriggerPolicy(file?: string): TriggerPolicy {
  return file ? readJsonFile(triggerPolicySchema, file, 'BATON_TRIGGER_POLICY_FILE') : DEFAULT_TRIGGER_POLICY;
}
