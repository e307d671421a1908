import type { State } from '@temporalio/worker';
import type { ActivityDependencies } from '../activities';
import { temporalActivityLogger } from '../activities/log';
import { offerWaitingWork } from '../routing/offer-waiting';
import { agentsWithRoomForWaiting, movedInQueue, unheardAssignments } from '../routing/queue-sweep';

/** How often the sweep looks, by default. */
export const QUEUE_SWEEP_SECONDS = 15;

/**
 * One look at the whole queue, every `everySeconds`, in place of each waiting conversation looking
 * for itself (their own recheck is only a rare backstop now, `BATON_QUEUE_RECHECK_SECONDS`):
 * - the conversations whose place in line moved are told (the queueReordered signal), so the
 *   customer hears the new place within a sweep, and a line where nothing moves costs nothing;
 * - an assignment whose signal was lost is signalled again;
 * - an available agent with a free slot while someone waits for their skill is offered the work.
 * A few indexed queries when all is well; one worker's sweep at a time; it stops with the worker.
 */
export function sweepQueue(
  worker: { getState(): State },
  { db, notifyAssignment, notifyQueueReordered, logger = temporalActivityLogger }: ActivityDependencies,
  everySeconds = QUEUE_SWEEP_SECONDS,
): void {
  let running = false;
  const timer = setInterval(() => {
    const state = worker.getState();
    if (state === 'STOPPING' || state === 'DRAINING' || state === 'DRAINED' || state === 'STOPPED' || state === 'FAILED') {
      clearInterval(timer);
      return;
    }
    if (state !== 'RUNNING' || running) return; // a round still telling a long line is not overlapped
    running = true;
    void sweepOnce({ db, notifyAssignment, notifyQueueReordered, logger }, everySeconds)
      .catch((error: unknown) => logger.warn({ err: error }, `the queue sweep failed; it runs again in ${everySeconds} s`))
      .finally(() => {
        running = false;
      });
  }, everySeconds * 1000);
  timer.unref();
}

/** One round of the sweep (exported for tests). Notifications that fail are logged: the next round repeats them. */
export async function sweepOnce(
  { db, notifyAssignment, notifyQueueReordered, logger = temporalActivityLogger }: Pick<ActivityDependencies, 'db' | 'notifyAssignment' | 'notifyQueueReordered' | 'logger'>,
  everySeconds = QUEUE_SWEEP_SECONDS,
): Promise<{ moved: number; unheard: number; offeredTo: number }> {
  const warn = (err: unknown, conversationId: string, message: string) => logger.warn({ err, conversationId }, message);
  const unheard = await unheardAssignments(db, everySeconds);
  await inBatches(unheard, (assignment) =>
    notifyAssignment(assignment).catch((error: unknown) => warn(error, assignment.conversationId, 'an assignment signal was lost and could not be repeated')),
  );
  const agents = await agentsWithRoomForWaiting(db);
  for (const agentId of agents) await offerWaitingWork(db, agentId, { notify: notifyAssignment, warnings: logger });
  const moved = (await movedInQueue(db)) ?? [];
  if (notifyQueueReordered) {
    await inBatches(moved, (conversationId) =>
      notifyQueueReordered(conversationId).catch((error: unknown) => warn(error, conversationId, 'a customer whose place moved was not told')),
    );
  }
  return { moved: moved.length, unheard: unheard.length, offeredTo: agents.length };
}

/** Signals a few at a time: a long line that moved is told quickly without a burst of thousands at once. */
async function inBatches<T>(items: T[], send: (item: T) => Promise<unknown>, width = 16): Promise<void> {
  for (let start = 0; start < items.length; start += width) await Promise.all(items.slice(start, start + width).map(send));
}
