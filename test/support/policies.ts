import { DEFAULT_TRIGGER_POLICY, type TriggerPolicy } from '../../bot/policy';

/**
 * For tests of the conversation spine rather than of the triggers: a bot that never lets go by
 * itself, so a long conversation stays with it. Requests for a person still hand over.
 */
export const PATIENT_POLICY: TriggerPolicy = {
  ...DEFAULT_TRIGGER_POLICY,
  repeatedDissatisfaction: { ...DEFAULT_TRIGGER_POLICY.repeatedDissatisfaction, enabled: false },
  negativeEmotion: { ...DEFAULT_TRIGGER_POLICY.negativeEmotion, enabled: false },
  turnsWithoutResolution: { ...DEFAULT_TRIGGER_POLICY.turnsWithoutResolution, enabled: false },
  botFallbacks: { ...DEFAULT_TRIGGER_POLICY.botFallbacks, enabled: false },
};
