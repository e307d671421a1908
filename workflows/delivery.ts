import * as wf from '@temporalio/workflow';
import type { ConversationActivities } from '../activities';
import { outboxAppendedSignal, type DeliveryWorkflow, type DeliveryWorkflowInput } from './definitions';

const { pendingDeliveries, deliveryFailed } = wf.proxyActivities<ConversationActivities>({
  startToCloseTimeout: '15 seconds',
  retry: { initialInterval: '200 milliseconds', backoffCoefficient: 2, maximumInterval: '10 seconds' },
});

/** Nothing new for this long and the workflow ends; the next item written starts it again. */
const IDLE_BEFORE_ENDING = '10 minutes';

/**
 * Delivers one conversation's outbox, in order per target: the customer's channel never waits on a
 * company's slow webhook, nor one webhook on another. Each delivery is retried with backoff (a
 * provider's Retry-After wins); one that finally fails, or that no retry can fix, is marked failed
 * with why, and the next goes on.
 */
export async function deliveryWorkflow(input: DeliveryWorkflowInput): Promise<void> {
  const { conversationId, maximumAttempts } = input;
  const { deliver } = wf.proxyActivities<ConversationActivities>({
    startToCloseTimeout: '30 seconds',
    retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '60 seconds', maximumAttempts },
  });
  let afterId = input.afterId ?? 0;
  let nudged = true;
  wf.setHandler(outboxAppendedSignal, () => {
    nudged = true;
  });

  for (;;) {
    if (!nudged && !(await wf.condition(() => nudged, IDLE_BEFORE_ENDING))) return;
    nudged = false;
    for (let due = await pendingDeliveries({ conversationId, afterId }); due.length > 0; due = await pendingDeliveries({ conversationId, afterId })) {
      const byTarget = new Map<string, typeof due>();
      for (const item of due) byTarget.set(item.target, [...(byTarget.get(item.target) ?? []), item]);
      await Promise.all(
        [...byTarget.values()].map(async (items) => {
          for (const item of items) {
            try {
              await deliver(item);
            } catch (error) {
              if (!(error instanceof wf.ActivityFailure)) throw error;
              const cause = error.cause instanceof wf.ApplicationFailure ? error.cause : null;
              const attempts = cause?.nonRetryable ? 1 : maximumAttempts;
              await deliveryFailed({ ...item, code: cause?.type ?? 'failed', reason: cause?.message ?? error.message, attempts });
            }
          }
        }),
      );
      // Everything before the last item is done at every target; the last may have more targets past the page.
      afterId = Math.max(afterId, due.at(-1)!.outboxId - 1);
    }
    if (wf.workflowInfo().continueAsNewSuggested) await wf.continueAsNew<DeliveryWorkflow>({ ...input, afterId });
  }
}

deliveryWorkflow satisfies DeliveryWorkflow;
