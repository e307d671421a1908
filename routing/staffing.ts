import type { Queryable } from '../db/queryable';
import type { ClaimRequest } from './assignments';

/**
 * Of the requirement as it stands (0) and its relaxation steps still to come (1, 2, …), the first
 * that someone on duty — available or away for a moment, not offline — could meet: the skill at the
 * level, the channel, the language, and not having refused this conversation. Null when none could.
 *
 * Waiting out a step that nobody on duty could meet, while a later one could be, only keeps the
 * customer waiting for a skill nobody has: the machine skips to that later step at once (Twilio
 * TaskRouter's `skip_if` on workflow steps does the same). When no step could be met, nothing is
 * skipped: whoever comes on duty first may fit the requirement as it stands.
 */
export async function firstStaffedStep(db: Queryable, { conversationId, requirement, channel }: Omit<ClaimRequest, 'waitingSince'>): Promise<number | null> {
  const steps = [{ skill: requirement.skill, minLevel: requirement.minLevel }, ...(requirement.relax ?? [])];
  const result = await db.query<{ step: number | null }>(
    `select min(step.n - 1)::int as step
       from unnest($1::text[], $2::int[]) with ordinality as step (skill, min_level, n)
      where exists (
        select 1 from agent_skills s join agents a on a.id = s.agent_id
         where s.skill = step.skill and s.level >= step.min_level and a.status <> 'offline'
           and (cardinality(a.channels) = 0 or $3 = any (a.channels))
           and ($4::text is null or cardinality(a.languages) = 0 or $4 = any (a.languages))
           and not exists (select 1 from offer_refusals r where r.conversation_id = $5 and r.agent_id = a.id))`,
    [steps.map((step) => step.skill), steps.map((step) => step.minLevel), channel, requirement.language, conversationId],
  );
  return result.rows[0]?.step ?? null;
}
