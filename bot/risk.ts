import { dissatisfactionIn } from './signals/dissatisfaction';
import { sentimentOf } from './signals/sentiment';
import type { PastMessage } from '../domain/conversation';
import { fallbacksInARow } from './triggers';

/**
 * How likely a bot conversation is to need a person soon, for supervisors watching live: the
 * triggers' signals before they fire — mood, anger, dissatisfaction, the bot not understanding, a
 * long conversation. A score 0–1, a level, and the reasons in words.
 */
/** One thing that raised the risk, as a code and its number, so a screen can say it in its reader's language. */
export interface RiskFactor {
  code: 'negative_mood' | 'anger' | 'dissatisfied_replies' | 'fallbacks_in_a_row' | 'long_conversation';
  value: number;
}

export interface Risk {
  score: number;
  level: 'low' | 'medium' | 'high';
  /** The factors in English, for logs and tools. */
  reasons: string[];
  factors: RiskFactor[];
}

export function riskOf(history: PastMessage[]): Risk {
  const customerTurns = history.filter((message) => message.from === 'customer');
  const recent = customerTurns.slice(-3).map((message) => sentimentOf(message.text));
  const reasons: string[] = [];
  const factors: RiskFactor[] = [];
  let score = 0;
  const worstMood = Math.min(0, ...recent.map((sentiment) => sentiment.score));
  if (worstMood < 0) {
    score += 0.35 * -worstMood;
    reasons.push(`negative mood (${worstMood})`);
    factors.push({ code: 'negative_mood', value: worstMood });
  }
  const anger = Math.max(0, ...recent.map((sentiment) => sentiment.anger));
  if (anger > 0) {
    score += 0.3 * anger;
    reasons.push(`anger ${anger}`);
    factors.push({ code: 'anger', value: anger });
  }
  const unhappy = customerTurns.slice(-4).filter((message) => dissatisfactionIn(message.text)).length;
  if (unhappy > 0) {
    score += 0.15 * unhappy;
    reasons.push(`${unhappy} dissatisfied ${unhappy === 1 ? 'reply' : 'replies'}`);
    factors.push({ code: 'dissatisfied_replies', value: unhappy });
  }
  const fallbacks = fallbacksInARow(history);
  if (fallbacks > 0) {
    score += 0.2 * fallbacks;
    reasons.push(`${fallbacks} ${fallbacks === 1 ? 'answer' : 'answers'} in a row without understanding`);
    factors.push({ code: 'fallbacks_in_a_row', value: fallbacks });
  }
  if (customerTurns.length >= 5) {
    score += 0.05 * (customerTurns.length - 4);
    reasons.push(`${customerTurns.length} customer turns`);
    factors.push({ code: 'long_conversation', value: customerTurns.length });
  }
  const bounded = Math.min(1, Number(score.toFixed(2)));
  return { score: bounded, level: bounded >= 0.6 ? 'high' : bounded >= 0.3 ? 'medium' : 'low', reasons, factors };
}
