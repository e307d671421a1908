import { englishHumanRequest } from './human-request-en';
import { chineseHumanRequest } from './human-request-zh';
import { strongest, type HumanRequest } from './request-strength';

export type { HumanRequest } from './request-strength';

/**
 * Does the customer ask for a person? Both languages are read, so mixed messages ("我要 human
 * agent") are understood; an explicit reading wins over a soft one. The rules for each language
 * are in human-request-zh.ts and human-request-en.ts.
 */
export function detectHumanRequest(text: string): HumanRequest | null {
  return strongest([chineseHumanRequest(text), englishHumanRequest(text)]);
}
