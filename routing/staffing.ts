import type { Queryable } from '../db/queryable';
import type { ClaimRequest } from './assignments';

/**
 * Whether anyone on duty — available or away for a moment, not offline — could ever take this
 * conversation as its requirement stands: the skill at the level, the channel, the language, and
 * not having refused it. When nobody could, waiting for the next relaxation step's time only keeps
 * the customer waiting for a skill nobody has; the machine skips the step at once (Twilio
 * TaskRouter's `skip_if` on workflow steps does the same).
 */
export async function someoneOnDutyFits(db: Queryable, { conversationId, requirement, channel }: Omit<ClaimRequest, 'waitingSince'>): Promise<boolean> {
  const result = await db.query<{ staffed: boolean }>(
    `select exists (
       select 1 from agent_skills s join agents a on a.id = s.agent_id
        where s.skill = $1 and s.level >= $2 and a.status <> 'offline'
          and (cardinality(a.channels) = 0 or $3 = any (a.channels))
          and ($4::text is null or cardinality(a.languages) = 0 or $4 = any (a.languages))
          and not exists (select 1 from offer_refusals r where r.conversation_id = $5 and r.agent_id = a.id)
     ) as staffed`,
    [requirement.skill, requirement.minLevel, channel, requirement.language, conversationId],
  );
  return result.rows[0]?.staffed ?? true;
}
