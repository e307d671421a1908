import * as wf from '@temporalio/workflow';
import type { ConversationEvent } from '../machines/conversation';
import type { StoredMessage } from '../domain/conversation';
import { publicStateOf, statePathOf } from '../machines/public-state';
import { accepts, step, type ConversationSnapshot } from '../machines/step';
import { TRANSITION_REFUSED, type ConversationReply, type ConversationView } from './definitions';
import { createEffectRunner } from './effects';
import { operatorDetails } from '../machines/operator-view';
import { OPERATOR_VIEW_PATCH, publishSearchAttributes, worthPublishing } from './publish';

/**
 * The conversation as the workflow holds it: the machine's snapshot, fed one event at a time.
 * `process` steps the machine and runs the effects it names, then the events their results
 * cause, until it settles; the handlers only translate calls into events and call it.
 */
export class ConversationSession {
  /** Bumped by every step: the main loop wakes on it. */
  changes = 0;
  private readonly perform: ReturnType<typeof createEffectRunner>;

  constructor(
    conversationId: string,
    public snapshot: ConversationSnapshot,
    private readonly runs: number,
  ) {
    this.perform = createEffectRunner(conversationId, () => this.snapshot);
  }

  get state() {
    return publicStateOf(this.snapshot);
  }

  accepts(event: ConversationEvent): boolean {
    return accepts(this.snapshot, event);
  }

  /** A TransitionRefused failure, which the API answers with 409 and the state. */
  refusal(event: ConversationEvent | ConversationEvent['type'], message?: string): wf.ApplicationFailure {
    const type = typeof event === 'string' ? event : event.type;
    return wf.ApplicationFailure.create({
      type: TRANSITION_REFUSED,
      message: message ?? `${type} is not accepted while the conversation is ${this.state}`,
      nonRetryable: true,
      details: [{ state: this.state, event: type }],
    });
  }

  /** For validators: refuses, before anything is recorded, an event the machine would not take. */
  refuseUnlessAccepted(event: ConversationEvent): void {
    if (!this.accepts(event)) throw this.refusal(event);
  }

  /**
   * A refused first event is the caller's error (409); a refused follow-up is a bug and fails the
   * workflow task, which operators see as a stuck handoff.
   */
  async process(first: ConversationEvent): Promise<ConversationReply> {
    if (!this.accepts(first)) throw this.refusal(first);
    const replies: StoredMessage[] = [];
    const pending: ConversationEvent[] = [first];
    for (let event = pending.shift(); event; event = pending.shift()) {
      const before = this.snapshot;
      const next = step(before, event);
      this.snapshot = next.snapshot;
      this.changes += 1;
      const operatorView = wf.patched(OPERATOR_VIEW_PATCH);
      if (worthPublishing(before, next.snapshot, operatorView)) publishSearchAttributes(next.snapshot, operatorView);
      for (const effect of next.effects) {
        const followUp = await this.perform(effect, replies);
        if (followUp) pending.push(followUp);
      }
    }
    wf.setCurrentDetails(operatorDetails(this.snapshot, Date.now()));
    return { state: this.state, replies };
  }

  /** Processes the event if the machine takes it now; a nudge (a recheck, a timer) that comes too late is dropped. */
  async processIfAccepted(event: ConversationEvent): Promise<void> {
    if (this.accepts(event)) await this.process(event);
    else wf.log.info('event no longer accepted, dropped', { event: event.type, state: statePathOf(this.snapshot) });
  }

  view(): ConversationView {
    const { escalation, requirement, queue, agentId, offer } = this.snapshot.context;
    return {
      state: this.state,
      statePath: statePathOf(this.snapshot),
      escalation,
      requirement,
      queue: queue && queue.position > 0 ? { position: queue.position, estimatedWaitSeconds: queue.estimatedWaitSeconds } : null,
      agentId,
      offer,
      runs: this.runs,
    };
  }
}
