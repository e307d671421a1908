import * as wf from '@temporalio/workflow';
import type { ConversationActivities } from '../activities';
import { outboxAppendedSignal, type DeliveryWorkflow, type DeliveryWorkflowInput } from './definitions';

const { pendingDeliveries, deliveryFailed } = wf.proxyActivities<ConversationActivities>({
  startToCloseTimeout: '15 seconds',
  retry: { initialInterval: '200 milliseconds', backoffCoefficient: 2, maximumInterval: '10 seconds' },
});

type PendingDelivery = Awaited<ReturnType<ConversationActivities['pendingDeliveries']>>[number];

/** Nothing new for this long and the workflow ends; the next item written starts it again. */
const IDLE_BEFORE_ENDING = '10 minutes';

/**
 * Delivers one conversation's outbox. Each target (the customer's channel, each company webhook)
 * has a lane of its own, in order within it: the customer's Telegram never waits on a slow webhook,
 * nor one webhook on another. Each delivery is retried with backoff (a provider's Retry-After wins);
 * one that finally fails, or that no retry can fix, is marked failed with why, and its lane goes on.
 * What is pending is always read from the outbox itself, so an item that committed late is found too.
 */
export async function deliveryWorkflow(input: DeliveryWorkflowInput): Promise<void> {
  const { conversationId, maximumAttempts } = input;
  const { deliver } = wf.proxyActivities<ConversationActivities>({
    // A long text goes to Telegram as several messages, each with its own 10 s budget.
    startToCloseTimeout: '2 minutes',
    retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '60 seconds', maximumAttempts },
  });
  let nudges = 1;
  wf.setHandler(outboxAppendedSignal, () => {
    nudges += 1;
  });
  /** The lanes running now, by target; each drains its target, then ends. */
  const lanes = new Map<string, Promise<void>>();
  /** Targets found pending while their lane ran: the lane reads once more before it ends. */
  const wanted = new Set<string>();

  async function deliverOne(item: PendingDelivery): Promise<void> {
    try {
      await deliver(item);
    } catch (error) {
      if (!(error instanceof wf.ActivityFailure)) throw error;
      const cause = error.cause instanceof wf.ApplicationFailure ? error.cause : null;
      const attempts = cause?.nonRetryable ? 1 : maximumAttempts;
      await deliveryFailed({ ...item, code: cause?.type ?? 'failed', reason: cause?.message ?? error.message, attempts });
    }
  }

  async function lane(target: string): Promise<void> {
    for (;;) {
      wanted.delete(target);
      const due = await pendingDeliveries({ conversationId, target });
      if (due.length === 0 && !wanted.has(target)) break;
      for (const item of due) await deliverOne(item);
    }
    lanes.delete(target);
  }

  for (let seen = 0; ; ) {
    if (seen === nudges) {
      if (lanes.size > 0) {
        // A lane still delivering never holds up news for the others.
        await wf.condition(() => nudges !== seen || lanes.size === 0);
        continue;
      }
      if (wf.workflowInfo().continueAsNewSuggested) await wf.continueAsNew<DeliveryWorkflow>(input);
      if (!(await wf.condition(() => nudges !== seen, IDLE_BEFORE_ENDING))) return;
    }
    seen = nudges;
    for (const { target } of await pendingDeliveries({ conversationId })) {
      if (lanes.has(target)) wanted.add(target);
      else lanes.set(target, lane(target));
    }
  }
}

deliveryWorkflow satisfies DeliveryWorkflow;
