import type { Pool } from 'pg';
import type { Assignment } from './assignments';
import { offerWaitingTo } from './claims';

/** Tells a conversation's workflow that the database gave it an agent (a Temporal signal in production). */
export type AssignmentNotifier = (assignment: Assignment) => Promise<void>;

/** Where a notification that failed is told. The API's pino logger fits as it is. */
export interface NotificationWarnings {
  warn(fields: { err: unknown; conversationId: string; agentId: string }, message: string): void;
}

/**
 * Offers an agent's free capacity to the conversations waiting for it, then tells each one's
 * workflow: for an agent who became available, and for one who freed a slot (a declined offer, a
 * transfer, a resolved conversation). One policy for all of them: the claims are committed in the
 * database before anyone is told, and a notification that fails is recovered by the waiting
 * workflow's own recheck of the database, which finds the assignment. So every notification is
 * attempted, each failure goes to `warnings.warn` and none is thrown: failing here would retry or
 * fail work that is already done. A claim that fails is thrown as it is.
 */
export async function offerWaitingWork(
  db: Pool,
  agentId: string,
  { notify, warnings }: { notify: AssignmentNotifier; warnings: NotificationWarnings },
): Promise<Assignment[]> {
  const offered = await offerWaitingTo(db, agentId);
  const results = await Promise.allSettled(offered.map((assignment) => notify(assignment)));
  results.forEach((result, index) => {
    if (result.status === 'rejected') {
      warnings.warn(
        { err: result.reason, conversationId: offered[index]!.conversationId, agentId },
        'assignment notification failed; the workflow recheck will find it',
      );
    }
  });
  return offered;
}
