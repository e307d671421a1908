import * as wf from '@temporalio/workflow';
import type { SearchAttributeUpdatePair } from '@temporalio/common';
import { publicStateOf } from '../machines/public-state';
import type { ConversationSnapshot } from '../machines/step';
import { AssignedAgentId, EscalationTrigger, HandoffChannel, HandoffState, QueuedAt } from './search-attributes';

/** What operators filter on in the Temporal UI: the state, channel, trigger, queue time and agent; never customer data. */
export function publishSearchAttributes(snapshot: ConversationSnapshot): void {
  const { channel, escalation, queue, agentId } = snapshot.context;
  const pairs: SearchAttributeUpdatePair[] = [
    { key: HandoffState, value: publicStateOf(snapshot) },
    { key: HandoffChannel, value: channel },
  ];
  if (escalation) pairs.push({ key: EscalationTrigger, value: escalation.trigger });
  if (queue?.enteredAt) pairs.push({ key: QueuedAt, value: new Date(queue.enteredAt) });
  if (agentId) pairs.push({ key: AssignedAgentId, value: agentId });
  wf.upsertSearchAttributes(pairs);
}

/** A new public state, or a new agent in the same one (the next offer, a transfer to a colleague). */
export function worthPublishing(before: ConversationSnapshot, after: ConversationSnapshot): boolean {
  return publicStateOf(before) !== publicStateOf(after) || before.context.agentId !== after.context.agentId;
}
