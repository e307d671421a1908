import { detectHumanRequest } from './signals/human-request';

/**
 * The customer asked for a person, explicitly: the bot hands over at once, never second-guessing
 * them. Softer reaching-out ("is anyone there") is left to the bot for now; the offer mode for it
 * comes with the configurable trigger policy.
 */
export interface HandoffRequest {
  /** What showed it, for the escalation's evidence: the phrase or keyword. */
  keyword: string;
}

export function detectHandoffRequest(text: string): HandoffRequest | null {
  const request = detectHumanRequest(text);
  return request?.strength === 'explicit' ? { keyword: request.evidence } : null;
}
