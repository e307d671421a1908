import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/**
 * What operators filter on in the Temporal UI. Never names, contact details or message text.
 * Registered on the server by `npm start`, the tests and docker-compose.
 */
export const HandoffState = defineSearchAttributeKey('HandoffState', SearchAttributeType.KEYWORD);
export const HandoffChannel = defineSearchAttributeKey('HandoffChannel', SearchAttributeType.KEYWORD);
export const EscalationTrigger = defineSearchAttributeKey('EscalationTrigger', SearchAttributeType.KEYWORD);
export const QueuedAt = defineSearchAttributeKey('QueuedAt', SearchAttributeType.DATETIME);
export const AssignedAgentId = defineSearchAttributeKey('AssignedAgentId', SearchAttributeType.KEYWORD);

/** The machine's full state path (`agent_assigned.offered`), for the stuck-handoff queries. */
export const HandoffStep = defineSearchAttributeKey('HandoffStep', SearchAttributeType.KEYWORD);
/** While an offer waits for its answer: when it runs out. */
export const OfferExpiresAt = defineSearchAttributeKey('OfferExpiresAt', SearchAttributeType.DATETIME);
/** While queued with an estimate: by when an agent should have been found (entered + estimate + margin). */
export const ExpectedAssignmentBy = defineSearchAttributeKey('ExpectedAssignmentBy', SearchAttributeType.DATETIME);

export const SEARCH_ATTRIBUTES = [HandoffState, HandoffChannel, EscalationTrigger, QueuedAt, AssignedAgentId, HandoffStep, OfferExpiresAt, ExpectedAssignmentBy];

/** `Name=Type` pairs as the `temporal` CLI's `--search-attribute` flag takes them. */
export function searchAttributeFlags(): string[] {
  const cliType: Record<string, string> = { KEYWORD: 'Keyword', DATETIME: 'Datetime' };
  return SEARCH_ATTRIBUTES.flatMap((key) => ['--search-attribute', `${key.name}=${cliType[key.type] ?? key.type}`]);
}
