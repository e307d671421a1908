import * as wf from '@temporalio/workflow';
import type { SearchAttributeUpdatePair } from '@temporalio/common';
import { expectedAssignmentBy, offerExpiresAt } from '../machines/operator-view';
import { publicStateOf, statePathOf } from '../machines/public-state';
import type { ConversationSnapshot } from '../machines/step';
import { AssignedAgentId, EscalationTrigger, ExpectedAssignmentBy, HandoffChannel, HandoffState, HandoffStep, OfferExpiresAt, QueuedAt } from './search-attributes';

/**
 * The stuck-handoff attributes (HandoffStep, OfferExpiresAt, ExpectedAssignmentBy) came later:
 * a conversation that started before them publishes as it did, so its history replays.
 */
export const OPERATOR_VIEW_PATCH = 'operator-view-search-attributes';

/** What operators filter on in the Temporal UI: the state, channel, trigger, queue time, agent and deadlines; never customer data. */
export function publishSearchAttributes(snapshot: ConversationSnapshot, operatorView: boolean): void {
  const { channel, escalation, queue, agentId } = snapshot.context;
  const pairs: SearchAttributeUpdatePair[] = [
    { key: HandoffState, value: publicStateOf(snapshot) },
    { key: HandoffChannel, value: channel },
  ];
  if (escalation) pairs.push({ key: EscalationTrigger, value: escalation.trigger });
  if (queue?.enteredAt) pairs.push({ key: QueuedAt, value: new Date(queue.enteredAt) });
  if (agentId) pairs.push({ key: AssignedAgentId, value: agentId });
  if (operatorView) {
    const offer = offerExpiresAt(snapshot);
    const due = expectedAssignmentBy(snapshot);
    pairs.push({ key: HandoffStep, value: statePathOf(snapshot) });
    pairs.push({ key: OfferExpiresAt, value: offer ? new Date(offer) : null });
    pairs.push({ key: ExpectedAssignmentBy, value: due ? new Date(due) : null });
  }
  wf.upsertSearchAttributes(pairs);
}

/** A new public state, or a new agent in the same one (the next offer, a transfer to a colleague); with the operator view, a new step or deadline too. */
export function worthPublishing(before: ConversationSnapshot, after: ConversationSnapshot, operatorView: boolean): boolean {
  if (publicStateOf(before) !== publicStateOf(after) || before.context.agentId !== after.context.agentId) return true;
  return (
    operatorView &&
    (statePathOf(before) !== statePathOf(after) || offerExpiresAt(before) !== offerExpiresAt(after) || expectedAssignmentBy(before) !== expectedAssignmentBy(after))
  );
}
