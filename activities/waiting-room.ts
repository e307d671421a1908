import { DEFAULT_TRIGGER_POLICY } from '../bot/policy';
import { triageWaitingMessage, type WaitingRoomSignal } from '../bot/waiting-room';
import { recordWaitingRoomNote } from '../db/briefs';
import type { Requirement } from '../domain/conversation';
import { raiseInQueue } from '../routing/waiting-room';
import { temporalActivityLogger } from './log';
import type { ActivityDependencies } from './types';

export interface TriageWaitingInput {
  conversationId: string;
  messageId: string;
  text: string;
  /** The requirement as the workflow holds it; null while the context is still being transferred. */
  requirement: Requirement | null;
}

/** What the conversation should wait with from now on: at least this priority, and this skill if it changes. */
export interface WaitingRaise {
  signal: WaitingRoomSignal['signal'];
  evidence: string;
  priority: number;
  skill: string | null;
}

export function createWaitingRoomActivities({ db, triggerPolicy = DEFAULT_TRIGGER_POLICY, notifyQueueReordered, clock = () => new Date(), logger = temporalActivityLogger }: ActivityDependencies) {
  return {
    /**
     * Waiting-room triage: a message written while the handoff is prepared or the customer is queued
     * is read again. A legal threat, fraud, strong anger or a VIP claim raises the queue entry's
     * priority (a type of problem may move it to another skill), the brief records it with the
     * message, and the customers it overtook are told so they hear their new place. Idempotent:
     * a retry finds the entry already raised and the note already kept.
     */
    async triageWaitingMessage({ conversationId, messageId, text, requirement }: TriageWaitingInput): Promise<WaitingRaise | null> {
      const found = triageWaitingMessage(text, triggerPolicy.waitingRoom);
      if (!found) return null;
      const priorityFrom = requirement?.priority ?? 0;
      const skill = found.skill && found.skill !== requirement?.skill ? found.skill : null;
      if (found.priority <= priorityFrom && !skill) return null;
      const raise = await raiseInQueue(db, conversationId, { priority: found.priority, skill });
      const priority = Math.max(priorityFrom, found.priority);
      await recordWaitingRoomNote(db, conversationId, {
        messageId,
        signal: found.signal,
        evidence: found.evidence,
        priorityFrom: raise?.priorityFrom ?? priorityFrom,
        priorityTo: raise?.priorityTo ?? priority,
        skillFrom: raise?.skillFrom ?? requirement?.skill ?? null,
        skillTo: raise?.skillTo ?? skill ?? requirement?.skill ?? null,
        at: clock().toISOString(),
      });
      // Telling the others is a courtesy their own reminders back up: a failed signal is logged, not fatal.
      const told = await Promise.allSettled((raise?.overtaken ?? []).map((id) => notifyQueueReordered?.(id)));
      told.forEach((result, index) => {
        if (result.status === 'rejected') logger.warn({ err: result.reason, conversationId: raise?.overtaken[index] }, 'a customer overtaken in the queue was not told');
      });
      return { signal: found.signal, evidence: found.evidence, priority, skill };
    },
  };
}
