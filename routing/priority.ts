/** Queue priorities run from 0 to this (the classification and the triggers stay within it). */
export const MAX_PRIORITY = 5;

/** Every this many seconds of waiting adds one level of priority: nobody waits forever. */
export const PRIORITY_AGING_SECONDS = 120;

/** A queue entry's priority now, aged by its wait. */
export function effectivePriority(alias: string): string {
  return `(${alias}.priority + floor(extract(epoch from now() - ${alias}.enqueued_at) / ${PRIORITY_AGING_SECONDS}))`;
}
