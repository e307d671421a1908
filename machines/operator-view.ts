import type { SnapshotFrom } from 'xstate';
import type { ConversationMachine } from './conversation';
import { statePathOf } from './public-state';

type Snapshot = SnapshotFrom<ConversationMachine>;

/**
 * What an operator reads in the Temporal UI: where the conversation stands, in words, and the
 * deadlines a stuck handoff is found by. Never customer data: no names, contacts or message text,
 * only the channel, the trigger, the requirement, places, times and agent ids.
 */

/** How far past its estimate a queued conversation may be before it counts as stuck. */
export const OVERDUE_MARGIN_SECONDS = 300;

const clock = (iso: string) => `${iso.slice(11, 16)} UTC`;
const minutes = (seconds: number) => `${Math.max(1, Math.round(seconds / 60))} min`;

/** By when a queued conversation should have had an agent: entered + estimate + margin; null with no estimate (nobody on duty). */
export function expectedAssignmentBy(snapshot: Snapshot): string | null {
  const { queue } = snapshot.context;
  if (statePathOf(snapshot).split('.')[0] !== 'queued' || !queue || queue.estimatedWaitSeconds === null) return null;
  return new Date(Date.parse(queue.enteredAt) + (queue.estimatedWaitSeconds + OVERDUE_MARGIN_SECONDS) * 1000).toISOString();
}

/** When the offer the agent has not answered runs out; null when nothing waits for an answer. */
export function offerExpiresAt(snapshot: Snapshot): string | null {
  return statePathOf(snapshot) === 'agent_assigned.offered' ? (snapshot.context.offer?.expiresAt ?? null) : null;
}

/** One line, e.g. `queued since 14:02 UTC (4 min), place 3, estimate 6 min; needs orders ≥ 3, priority 2; trigger keyword`. */
export function operatorDetails(snapshot: Snapshot, nowMs: number): string {
  const { channel, escalation, requirement, queue, agentId, offer, outcome } = snapshot.context;
  const path = statePathOf(snapshot);
  const needs = requirement
    ? `needs ${requirement.skill} ≥ ${requirement.minLevel}${requirement.language ? ` (${requirement.language})` : ''}, priority ${requirement.priority}`
    : null;
  const trigger = escalation ? `trigger ${escalation.trigger}` : null;
  let where: string;
  switch (path.split('.')[0]) {
    case 'bot':
      where = `with the bot on ${channel}`;
      break;
    case 'escalation_pending':
      where = `handing over on ${channel} (${path})`;
      break;
    case 'queued': {
      const since = queue?.enteredAt ?? null;
      const waited = since ? ` (${minutes((nowMs - Date.parse(since)) / 1000)})` : '';
      const place = queue && queue.position > 0 ? `, place ${queue.position}` : '';
      const estimate = queue ? (queue.estimatedWaitSeconds === null ? ', no estimate: no agent who could take it is on duty' : `, estimate ${minutes(queue.estimatedWaitSeconds)}`) : '';
      where = `queued on ${channel}${since ? ` since ${clock(since)}${waited}` : ''}${place}${estimate}`;
      break;
    }
    case 'agent_assigned':
      where = path === 'agent_assigned.offered' && offer ? `offered to ${offer.agentId}, answer due ${clock(offer.expiresAt)}` : `with agent ${agentId ?? 'unknown'}`;
      break;
    default:
      where = `resolved${outcome ? ` (${outcome})` : ''}`;
  }
  return [where, needs, trigger].filter(Boolean).join('; ');
}

/** The static summary the UI lists a conversation's workflow by: its channel and language, nothing of the customer. */
export function operatorSummary(channel: string, locale: string | null): string {
  return `Conversation on ${channel}${locale ? ` (${locale})` : ''}`;
}
