import { initialTransition, transition, type SnapshotFrom } from 'xstate';
import {
  conversationMachine,
  EFFECT_NAMES,
  type ConversationContext,
  type ConversationEffectName,
  type ConversationEffects,
  type ConversationEvent,
  type ConversationInput,
} from './conversation';
import { recheckDueAt, relaxationDueAt, reminderDueAt } from './deadlines';

export type ConversationSnapshot = SnapshotFrom<typeof conversationMachine>;

/** What survives continue-as-new: plain JSON. */
export interface PersistedConversation {
  value: ConversationSnapshot['value'];
  context: ConversationContext;
}

export type Effect = { [K in ConversationEffectName]: { type: K; params: ConversationEffects[K] } }[ConversationEffectName];

export interface Step {
  snapshot: ConversationSnapshot;
  effects: Effect[];
}

function effectsOf(actions: ReadonlyArray<{ type: string; params?: unknown }>): Effect[] {
  // Built-in actions (assign) were already applied to the snapshot by `transition`.
  return actions
    .filter((action) => EFFECT_NAMES.has(action.type))
    .map((action) => ({ type: action.type, params: action.params }) as Effect);
}

export function start(input: ConversationInput): Step {
  const [snapshot, actions] = initialTransition(conversationMachine, input);
  return { snapshot, effects: effectsOf(actions) };
}

export function accepts(snapshot: ConversationSnapshot, event: ConversationEvent): boolean {
  return snapshot.status === 'active' && snapshot.can(event);
}

/** The next snapshot and the effects to run. Refused events throw: callers check `accepts` first. */
export function step(snapshot: ConversationSnapshot, event: ConversationEvent): Step {
  if (!accepts(snapshot, event)) {
    throw new Error(`Event ${event.type} is not accepted in state ${JSON.stringify(snapshot.value)}`);
  }
  const [next, actions] = transition(conversationMachine, snapshot, event);
  return { snapshot: next, effects: effectsOf(actions) };
}

export function persist(snapshot: ConversationSnapshot): PersistedConversation {
  return { value: snapshot.value, context: snapshot.context };
}

export function restore(persisted: PersistedConversation): ConversationSnapshot {
  return conversationMachine.resolveState({ value: persisted.value, context: persisted.context });
}

/** The machine's next deadline: when it is due and the event to send it then. */
export interface Deadline {
  at: number;
  event: (now: string) => ConversationEvent;
}

/**
 * What the workflow's clock must do next, read off the machine: run out an unanswered offer; or,
 * while queued, the earliest of the database recheck (every `recheckSeconds` since the last look),
 * the customer's next reminder and the next relaxation step. Null: nothing to wait for but events.
 */
export function nextDeadline(snapshot: ConversationSnapshot, recheckSeconds: number): Deadline | null {
  const { context } = snapshot;
  const { offer } = context;
  if (offer && snapshot.matches({ agent_assigned: 'offered' })) {
    return { at: Date.parse(offer.expiresAt), event: (now) => ({ type: 'OFFER_TIMED_OUT', agentId: offer.agentId, at: now }) };
  }
  if (!snapshot.matches('queued')) return null;
  const due = [recheckDueAt(context, recheckSeconds), reminderDueAt(context), relaxationDueAt(context)].filter((at): at is number => at !== null);
  if (due.length === 0) return null;
  return { at: Math.min(...due), event: (now) => ({ type: 'QUEUE_RECHECK_DUE', at: now }) };
}
