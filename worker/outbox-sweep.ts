import type { State } from '@temporalio/worker';
import type { ActivityDependencies } from '../activities';
import { temporalActivityLogger } from '../activities/log';
import { unpickedOutbox } from '../db/outbox';
import type { Channel } from '../domain/conversation';

const EVERY_MS = 30_000;
const OLDER_THAN_SECONDS = 30;

/**
 * The backstop behind the nudges: every 30 s, conversations with something in their outbox for
 * 30 s that no delivery has picked up (the nudge after writing it was lost: Temporal unreachable
 * for a moment) are nudged again. One indexed query when all is well; it stops with the worker.
 */
export function sweepOutbox(worker: { getState(): State }, { db, notifyOutbox, channelSenders = {}, logger = temporalActivityLogger }: ActivityDependencies): void {
  if (!notifyOutbox) return;
  const channels = Object.keys(channelSenders) as Channel[];
  const timer = setInterval(() => {
    const state = worker.getState();
    if (state === 'STOPPING' || state === 'DRAINING' || state === 'DRAINED' || state === 'STOPPED' || state === 'FAILED') {
      clearInterval(timer);
      return;
    }
    if (state !== 'RUNNING') return;
    void (async () => {
      for (const conversationId of await unpickedOutbox(db, { olderThanSeconds: OLDER_THAN_SECONDS, channels })) await notifyOutbox(conversationId);
    })().catch((error: unknown) => logger.warn({ err: error }, 'the outbox sweep failed; it runs again in 30 s'));
  }, EVERY_MS);
  timer.unref();
}
