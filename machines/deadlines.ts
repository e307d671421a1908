import type { ConversationContext } from './conversation-types';
import type { OfferPolicy } from '../domain/conversation';

/**
 * The machine's clock rules, in one place: when an offer runs out, when the next relaxation step
 * applies, when the waiting customer is due a reminder, and when the queue is due a recheck. Pure:
 * the guards decide with them, and `nextDeadline` (step.ts) tells the workflow when to wake.
 */

const at = (iso: string) => Date.parse(iso);

/** An offer made at `offeredAt` runs out `timeoutSeconds` later. */
export function offerExpiry(offeredAt: string | Date, { timeoutSeconds }: Pick<OfferPolicy, 'timeoutSeconds'>): string {
  return new Date(new Date(offeredAt).getTime() + timeoutSeconds * 1000).toISOString();
}

/** When the next relaxation step applies: its seconds counted from when the customer joined the queue. */
export function relaxationDueAt({ requirement, queue }: Pick<ConversationContext, 'requirement' | 'queue'>): number | null {
  const step = requirement?.relax?.[0];
  return step && queue ? at(queue.enteredAt) + step.afterSeconds * 1000 : null;
}

/** How many of the relaxation steps still to come have had their time by `now`. */
export function relaxationStepsDue({ requirement, queue }: Pick<ConversationContext, 'requirement' | 'queue'>, now: string): number {
  if (!queue) return 0;
  return (requirement?.relax ?? []).filter((step) => at(queue.enteredAt) + step.afterSeconds * 1000 <= at(now)).length;
}

/** When the waiting customer is due to hear their place again, at the latest: `reminderSeconds` after the last time. */
export function reminderDueAt({ queue, waitPolicy }: Pick<ConversationContext, 'queue' | 'waitPolicy'>): number | null {
  return queue?.announcedAt ? at(queue.announcedAt) + waitPolicy.reminderSeconds * 1000 : null;
}

/** The longest a waiting conversation goes between two looks of its own in the database. */
export const MAX_RECHECK_SECONDS = 300;

/**
 * When the queue is due to look in the database again for an assignment it was not told of. The
 * router's signal is the fast path and the recheck only its backstop, so it backs off as the wait
 * goes on: every `recheckSeconds` at first, then a quarter of the time waited so far, at most every
 * five minutes — ten thousand waiting customers do not each poll the database every 20 s.
 */
export function recheckDueAt({ checkedAt, queue }: Pick<ConversationContext, 'checkedAt' | 'queue'>, recheckSeconds: number): number | null {
  if (!checkedAt) return null;
  const waited = queue ? Math.max(0, at(checkedAt) - at(queue.enteredAt)) : 0;
  const floor = recheckSeconds * 1000;
  return at(checkedAt) + Math.min(Math.max(floor, waited / 4), Math.max(floor, MAX_RECHECK_SECONDS * 1000));
}

/** Whether the time `event.at` has reached `due`. */
export const reached = (due: number | null, now: string): boolean => due !== null && at(now) >= due;
