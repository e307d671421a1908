import { initialTransition, transition, type SnapshotFrom } from 'xstate';
import {
  conversationMachine,
  type ConversationContext,
  type ConversationEffectName,
  type ConversationEffects,
  type ConversationEvent,
  type ConversationInput,
} from './conversation';

export type ConversationSnapshot = SnapshotFrom<typeof conversationMachine>;

/** What survives continue-as-new: plain JSON. */
export interface PersistedConversation {
  value: ConversationSnapshot['value'];
  context: ConversationContext;
}

export type Effect = { [K in ConversationEffectName]: { type: K; params: ConversationEffects[K] } }[ConversationEffectName];

const EFFECT_NAMES: ReadonlySet<string> = new Set<ConversationEffectName>([
  'recordState',
  'answerAsBot',
  'weighFeedback',
  'announceTransfer',
  'lookupCustomer',
  'transferContext',
  'matchSkills',
  'estimateWait',
  'announceQueuePosition',
  'offerAlternatives',
  'announceAgent',
  'acceptOffer',
  'withdrawOffer',
  'transfer',
  'announceHandover',
  'releaseRouting',
  'announceResolution',
]);

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
