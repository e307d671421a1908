import type { SnapshotFrom } from 'xstate';
import type { ConversationMachine } from './conversation';
import type { PublicState } from '../domain/conversation';

type StateValue = SnapshotFrom<ConversationMachine>['value'];
/** The machine's top-level states, derived from its definition. */
export type TopLevelState = StateValue extends infer V ? (V extends string ? V : keyof V & string) : never;

/**
 * The one place machine states become the five public names. A top-level state added to the
 * machine without an entry here fails to compile.
 */
const PUBLIC_NAME: { readonly [S in TopLevelState]: PublicState } = {
  bot: 'bot',
  escalation_pending: 'escalation_pending',
  queued: 'queued',
  agent_assigned: 'agent_assigned',
  resolved: 'resolved',
};

export function publicStateOf(snapshot: SnapshotFrom<ConversationMachine>): PublicState {
  const value = snapshot.value;
  const top = (typeof value === 'string' ? value : Object.keys(value)[0]) as TopLevelState;
  return PUBLIC_NAME[top];
}

/** The full state path, e.g. `escalation_pending.matching`, for logs and the chart. */
export function statePathOf(snapshot: SnapshotFrom<ConversationMachine>): string {
  const parts: string[] = [];
  let value: unknown = snapshot.value;
  while (typeof value === 'object' && value !== null) {
    const [key, inner] = Object.entries(value)[0] ?? [];
    if (key === undefined) break;
    parts.push(key);
    value = inner;
  }
  if (typeof value === 'string') parts.push(value);
  return parts.join('.');
}
